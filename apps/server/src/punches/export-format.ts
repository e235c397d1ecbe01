import { csvLine } from '../csv'
import { punchStateName, verifyModeName } from './punch-words'

/** One exported punch, as read from the database. */
export interface ExportRow {
  id: number
  pin: string
  personName: string | null
  sn: string
  deviceName: string | null
  status: number
  verify: number
  localTime: string
  punchedAt: Date
  source: string
  note: string | null
}

export type ExportFormat = 'csv' | 'json' | 'ndjson'

const CSV_HEADER = [
  'punch_id',
  'pin',
  'person_name',
  'device_sn',
  'device_name',
  'state',
  'verify_mode',
  'local_time',
  'utc_time',
  'source',
  'note',
]

/** The object one punch becomes in JSON and NDJSON exports. */
export function exportObject(r: ExportRow) {
  return {
    id: r.id,
    pin: r.pin,
    personName: r.personName,
    sn: r.sn,
    deviceName: r.deviceName,
    status: r.status,
    state: punchStateName(r.status),
    verify: r.verify,
    verifyMode: verifyModeName(r.verify),
    localTime: r.localTime,
    punchedAt: r.punchedAt.toISOString(),
    source: r.source,
    note: r.note,
  }
}

/** Text before the first row, between pages and after the last, per format. */
export function exportHead(format: ExportFormat, bom: boolean): string {
  if (format === 'csv') return `${bom ? '\uFEFF' : ''}${csvLine(CSV_HEADER)}`
  return format === 'json' ? '[' : ''
}

export function exportTail(format: ExportFormat): string {
  return format === 'json' ? ']\n' : ''
}

/** A page of rows as text; `first` says whether a row has been written before (JSON commas). */
export function exportPage(format: ExportFormat, rows: ExportRow[], first: boolean): string {
  if (format === 'csv') {
    return rows
      .map((r) =>
        csvLine([
          r.id,
          r.pin,
          r.personName,
          r.sn,
          r.deviceName,
          punchStateName(r.status),
          verifyModeName(r.verify),
          r.localTime,
          r.punchedAt.toISOString(),
          r.source,
          r.note,
        ]),
      )
      .join('')
  }
  if (format === 'ndjson') return rows.map((r) => `${JSON.stringify(exportObject(r))}\n`).join('')
  const body = rows.map((r) => JSON.stringify(exportObject(r))).join(',\n')
  return first ? `\n${body}` : `,\n${body}`
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}
