import type { AttlogRecord, RejectedLine } from '@webroster/protocol'
import type { PunchRow } from './punch-batcher'
import type { ZoneClock } from './zone-clock'

/**
 * ATTLOG fields beyond the first five, with the value that means "nothing here" (protocol reference §5.2):
 * only a field that says something is kept, so the common punch stores no `extra` at all (a jsonb value per
 * row costs the batch insert about an eighth of its speed).
 */
const EXTRA_FIELDS = {
  reserved1: '0',
  reserved2: '0',
  maskFlag: undefined,
  temperature: '0',
  convTemperature: '0',
  timeOffset: undefined,
  extendData: undefined,
} as const

const EXTRA_KEYS = Object.keys(EXTRA_FIELDS) as Array<keyof typeof EXTRA_FIELDS>

/**
 * Punch rows for parsed ATTLOG records: the device wall clock kept as sent, and the instant it means in the
 * device's zone. A time the zone cannot place is rejected with the reason (line numbers from `lines`).
 */
export function toPunchRows(
  clock: ZoneClock,
  sn: string,
  zone: string,
  records: readonly AttlogRecord[],
): { rows: PunchRow[]; rejected: RejectedLine[] } {
  const rows: PunchRow[] = []
  const rejected: RejectedLine[] = []
  records.forEach((r, i) => {
    let punchedAt: Date
    try {
      punchedAt = clock.toInstant(r.time, zone)
    } catch (e) {
      rejected.push({ line: i + 1, text: `${r.pin}\t${r.time}`, reason: (e as Error).message })
      return
    }
    const extra: Record<string, string> = {}
    for (const k of EXTRA_KEYS) {
      const v = r[k]
      if (v !== undefined && v !== '' && String(v) !== EXTRA_FIELDS[k]) extra[k] = String(v)
    }
    rows.push({
      sn,
      pin: r.pin,
      localTime: r.time,
      punchedAt,
      status: r.status,
      verify: r.verify,
      workCode: r.workCode,
      extra: Object.keys(extra).length > 0 ? extra : null,
    })
  })
  return { rows, rejected }
}
