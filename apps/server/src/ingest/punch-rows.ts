import type { AttlogRecord, RecordLine, RejectedLine } from '@webroster/protocol'
import type { ZoneClock } from '../clock'
import type { PunchRow } from '../punches/punch-batcher'

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
/** Fields after the 12th are numbered as on the wire (`field13`, …): their meaning depends on the firmware. */
const FIRST_MORE_FIELD = 13

/** The dedupe key of a punch: the columns of `punches_dedupe_idx`. */
export const punchKey = (r: PunchRow) => `${r.sn}\t${r.pin}\t${r.localTime}\t${r.status}`

/** Whether two punches with the same key say the same thing (a re-send), or disagree (a conflict). */
export const samePunch = (a: PunchRow, b: PunchRow) =>
  a.verify === b.verify && (a.workCode ?? '') === (b.workCode ?? '')

function extraOf(r: AttlogRecord): Record<string, string> | null {
  const extra: Record<string, string> = {}
  for (const k of EXTRA_KEYS) {
    const v = r[k]
    if (v !== undefined && v !== '' && String(v) !== EXTRA_FIELDS[k]) extra[k] = String(v)
  }
  r.more?.forEach((v, i) => {
    if (v !== '') extra[`field${FIRST_MORE_FIELD + i}`] = v
  })
  return Object.keys(extra).length > 0 ? extra : null
}

/**
 * Punch rows for parsed ATTLOG records: the device wall clock kept as sent, and the instant it means in the
 * device's zone. A time the zone cannot place, and a second punch of the batch with the same key but another
 * verify or work code, are rejected with the reason; `lines[i]` is the body line of `rows[i]`.
 * When nobody set the device's zone (`zoneSet` false) the rows remember the zone they were read in.
 */
export function toPunchRows(
  clock: ZoneClock,
  sn: string,
  zone: string,
  records: readonly AttlogRecord[],
  sources: readonly RecordLine[] = [],
  zoneSet = true,
): { rows: PunchRow[]; lines: RecordLine[]; rejected: RejectedLine[] } {
  const rows: PunchRow[] = []
  const lines: RecordLine[] = []
  const rejected: RejectedLine[] = []
  const seen = new Map<string, number>()
  records.forEach((r, i) => {
    const source = sources[i] ?? { line: i + 1, text: `${r.pin}\t${r.time}` }
    let punchedAt: Date
    try {
      punchedAt = clock.toInstant(r.time, zone)
    } catch (e) {
      rejected.push({ ...source, reason: (e as Error).message })
      return
    }
    const row: PunchRow = {
      sn,
      pin: r.pin,
      localTime: r.time,
      punchedAt,
      status: r.status,
      verify: r.verify,
      workCode: r.workCode,
      extra: extraOf(r),
      ...(zoneSet ? {} : { assumedZone: zone }),
    }
    const key = punchKey(row)
    const first = seen.get(key)
    if (first !== undefined) {
      const earlier = rows[first] as PunchRow
      // An identical line is a re-send inside the batch; the insert ignores it.
      if (!samePunch(earlier, row)) {
        rejected.push({ ...source, reason: conflictReason(`line ${lines[first]?.line}`) })
        return
      }
    } else seen.set(key, rows.length)
    rows.push(row)
    lines.push(source)
  })
  return { rows, lines, rejected }
}

/** Why a punch equal on the dedupe key to `other` but different in verify or work code is not stored. */
export function conflictReason(other: string): string {
  return `duplicate of ${other} (same PIN, time and status; another verify or work code)`
}
