import type { Command } from './command-types'

/** `DATA UPDATE <table>` / `DATA DELETE <table>`: the head every record of a multi-record command shares. */
const DATA_HEAD = /^DATA (?:UPDATE|DELETE) [^\s=]+(?= )/

/** A continuation line carries fields only: `PIN=2\tName=…` (never `C:`, never a verb). */
const FIELDS_LINE = /^[^\s=:]+=/

/**
 * The `DATA UPDATE <table>` / `DATA DELETE <table>` head of a one-record command text, if it is one.
 * @example dataRecordHead('DATA UPDATE USERINFO PIN=1') // 'DATA UPDATE USERINFO'
 */
export function dataRecordHead(text: string): string | undefined {
  return DATA_HEAD.exec(text)?.[0]
}

/**
 * Whether `line` can continue a multi-record DATA command (fields only, no `C:` and no verb).
 * @example isRecordContinuation('PIN=2\tName=Bo') // true
 */
export function isRecordContinuation(line: string): boolean {
  return FIELDS_LINE.test(line)
}

/**
 * Joins one-record texts of the same table into a multi-record command text: the first as it is, each further
 * record on its own line with its fields only, the form the Attendance PUSH document gives for several records in
 * one DATA command. Throws when the records are not all DATA UPDATE or all DATA DELETE of one table.
 * @example joinRecordTexts(['DATA UPDATE USERINFO PIN=1', 'DATA UPDATE USERINFO PIN=2']) // 'DATA UPDATE USERINFO PIN=1\nPIN=2'
 */
export function joinRecordTexts(texts: readonly string[]): string {
  const head = dataRecordHead(texts[0] ?? '')
  if (head === undefined) throw new Error('a multi-record command needs DATA UPDATE/DELETE records')
  return texts
    .map((t, i) => {
      if (dataRecordHead(t) !== head) throw new Error(`record ${i + 1} is not ${head}`)
      const fields = t.slice(head.length + 1)
      if (i > 0 && !isRecordContinuation(fields)) throw new Error(`record ${i + 1} has no fields`)
      return i === 0 ? t : fields
    })
    .join('\n')
}

/**
 * Splits a multi-record command text back into one-record texts (each with the head); undefined for a text that
 * is not one (a single line, or a first line that is not DATA UPDATE/DELETE).
 * @example splitRecordTexts('DATA DELETE USERINFO PIN=1\nPIN=2') // ['DATA DELETE USERINFO PIN=1', 'DATA DELETE USERINFO PIN=2']
 */
export function splitRecordTexts(text: string): string[] | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''))
  const head = dataRecordHead(lines[0] ?? '')
  if (lines.length < 2 || head === undefined) return undefined
  return lines.map((l, i) => (i === 0 ? l : `${head} ${l}`))
}

/**
 * A `DATA BATCH` of `records`, or the record itself when there is only one.
 * @example dataBatch([{ type: 'REBOOT' }]) // { type: 'REBOOT' }
 */
export function dataBatch(records: readonly Command[]): Command {
  const [first] = records
  if (records.length === 1 && first) return first
  return { type: 'DATA BATCH', records: [...records] }
}

/**
 * Whether a terminal's firmware takes multi-record DATA commands: Attendance PUSH 2.x, whose document gives the
 * form. Legacy units (no `pushver`), Security PUSH and anything else get one record per command.
 * @example takesMultiRecordData({ pushver: '2.4.1', deviceType: 'att' }) // true
 */
export function takesMultiRecordData(device: {
  pushver?: string | null
  deviceType?: string | null
}): boolean {
  const type = device.deviceType?.trim().toLowerCase() || 'att'
  return type === 'att' && /^2\.\d/.test(device.pushver?.trim() ?? '')
}
