import { type OperlogRecord, parseOperlogLine } from './operlog'
import type { ParseResult, RejectedLine } from './records'
import { splitRecordLines } from './records'

/** Some firmware names the table on each row (`USERINFO PIN=…`); the fields are those of an OPERLOG `USER`. */
const USERINFO_TAG = /^USERINFO[ \t]+/i

/**
 * Parses a `table=USERINFO` body, the answer some firmware gives to `DATA QUERY USERINFO`: untagged
 * `PIN=…\tName=…` rows, `USER PIN=…` rows (OPERLOG's form) or `USERINFO PIN=…` rows, each an OPERLOG `USER` record.
 * @example parseUserinfo('PIN=1\tName=Ann\tPri=0').records[0] // { kind: 'USER', pin: '1', name: 'Ann', privilege: 0, ... }
 */
export function parseUserinfo(body: string): ParseResult<OperlogRecord> {
  const records: OperlogRecord[] = []
  const rejected: RejectedLine[] = []
  for (const { line, text } of splitRecordLines(body)) {
    const r = parseOperlogLine(text.replace(USERINFO_TAG, ''), 'USER')
    if (typeof r === 'string') rejected.push({ line, text, reason: r })
    else records.push(r)
  }
  return { records, rejected }
}
