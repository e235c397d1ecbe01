import {
  type AttlogRecord,
  type OperlogRecord,
  type ParseResult,
  parseInt32,
  parseRtlog,
  parseTabledata,
  type RecordLine,
  type RejectedLine,
  rtlogToAttlog,
} from '@webroster/protocol'

/**
 * Security PUSH access events (`table=rtlog`) as punches: events with a person become ATTLOG records; the others
 * are lines not stored, with the reason, never dropped silently.
 */
export function rtlogAsAttlog(text: string): {
  parsed: ParseResult<AttlogRecord>
  notPunches: RejectedLine[]
} {
  const parsed = parseRtlog(text)
  const records: AttlogRecord[] = []
  const sources: RecordLine[] = []
  const notPunches: RejectedLine[] = []
  parsed.records.forEach((r, i) => {
    const source = parsed.sources?.[i] ?? { line: i + 1, text: '' }
    const punch = rtlogToAttlog(r)
    if (punch) {
      records.push(punch)
      sources.push(source)
    } else
      notPunches.push({ ...source, reason: `access event ${r.event} is not an attendance punch` })
  })
  return { parsed: { records, rejected: parsed.rejected, sources }, notPunches }
}

/** Security PUSH table rows (`table=tabledata`) as the OPERLOG records the ingest already stores. */
export function tabledataAsOperlog(tableName: string, text: string) {
  const parsed = parseTabledata(tableName, text)
  const records: OperlogRecord[] = []
  const rejected: RejectedLine[] = [...parsed.rejected]
  parsed.records.forEach((r, i) => {
    if (r.user) {
      const u = r.user
      records.push({
        kind: 'USER',
        pin: u.pin,
        name: u.name,
        privilege: u.privilege,
        password: u.password,
        card: u.cardNo,
        group: parseInt32(u.group),
        timeZones: '',
        verify: parseInt32(u.verify),
        viceCard: '',
      })
    } else if (r.template) {
      const t = r.template
      records.push({
        kind: 'FP',
        pin: t.pin,
        fid: t.fingerId,
        size: t.size,
        valid: t.duress ? 3 : t.valid,
        template: t.template,
      })
    } else if (r.biodata) records.push(r.biodata)
    else {
      // The line as sent: a value may hold a CR that no serialiser would write back.
      const source = parsed.sources?.[i] ?? { line: i + 1, text: '' }
      rejected.push({ ...source, reason: `table ${r.table} is not stored` })
    }
  })
  return { records, rejected }
}
