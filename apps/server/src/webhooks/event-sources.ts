import { commandsCompletedAfter, lastCompletedCommand } from '../commands/completed-since'
import type { Db, Tx } from '../db'
import type { WebhookEvent } from '../db/schema'
import { deviceEnrolledAfter, lastDeviceEnrolled } from '../people/enrolled-since'
import { lastPunchId, publicPunch, punchesAfter } from '../punches'
import { initSetting, readSetting, writeSetting } from '../settings'
import { daysChangedAfter, lastDayChange, publicDay } from '../timesheets'

/** An event derived from the tables, before it is fanned out to subscribed webhooks. */
export interface DerivedEvent {
  event: WebhookEvent
  data: Record<string, unknown>
}

/** Punches per `punch` delivery: one webhook call carries up to this many punches. */
export const PUNCHES_PER_EVENT = 100
/** Rows read from each source per derivation pass. */
export const DERIVE_BATCH = 500

export const CURSOR_PUNCH = 'webhook_cursor_punch'
export const CURSOR_COMMAND = 'webhook_cursor_command'
export const CURSOR_PERSON = 'webhook_cursor_person'
export const CURSOR_TIMESHEET = 'webhook_cursor_timesheet'

/**
 * Time cursors are kept as Postgres' own text form of the timestamp plus a tie-breaking key, so they
 * compare exactly (a JS Date would drop the microseconds and re-emit the last row).
 */
interface TimeCursor {
  at: string
  key: string
}
const START: TimeCursor = { at: '-infinity', key: '' }

function parseTimeCursor(raw: string | undefined): TimeCursor {
  if (!raw) return START
  try {
    const v = JSON.parse(raw) as Partial<TimeCursor>
    return typeof v.at === 'string' && typeof v.key === 'string' ? { at: v.at, key: v.key } : START
  } catch {
    return START
  }
}

/**
 * Starts every cursor at the current end of its table, so a first start (or a first webhook) does not
 * replay history. Existing cursors are kept.
 */
export async function initCursors(db: Db | Tx): Promise<void> {
  await initSetting(db, CURSOR_PUNCH, await lastPunchId(db))
  const lastCommand = await lastCompletedCommand(db)
  await initSetting(db, CURSOR_COMMAND, JSON.stringify(lastCommand ?? START))
  const lastPerson = await lastDeviceEnrolled(db)
  await initSetting(db, CURSOR_PERSON, JSON.stringify(lastPerson ?? START))
  await initSetting(db, CURSOR_TIMESHEET, await lastDayChange(db))
}

/**
 * Stored timesheet days that changed (each change takes a new change number; a re-computation that changes
 * nothing takes none), as `timesheet.day.changed` events carrying the day as it is now.
 */
export async function deriveTimesheetEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = Number(await readSetting(tx, CURSOR_TIMESHEET)) || 0
  const rows = await daysChangedAfter(tx, cursor, cutoff, DERIVE_BATCH)
  const last = rows.at(-1)
  if (!last) return []
  await writeSetting(tx, CURSOR_TIMESHEET, String(last.changeSeq))
  return rows.map(({ changeSeq: _seq, ...day }) => ({
    event: 'timesheet.day.changed',
    data: publicDay(day),
  }))
}

/** New punches committed before `cutoff`, as batched `punch` events; advances the cursor in `tx`. */
export async function derivePunchEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = Number(await readSetting(tx, CURSOR_PUNCH)) || 0
  const rows = await punchesAfter(tx, cursor, cutoff, DERIVE_BATCH)
  const last = rows.at(-1)
  if (!last) return []
  await writeSetting(tx, CURSOR_PUNCH, String(last.id))
  const events: DerivedEvent[] = []
  for (let i = 0; i < rows.length; i += PUNCHES_PER_EVENT) {
    const chunk = rows.slice(i, i + PUNCHES_PER_EVENT).map(publicPunch)
    events.push({ event: 'punch', data: { punches: chunk } })
  }
  return events
}

/**
 * Moves the punch cursor to the newest punch without reading any: with no webhook subscribed to `punch` the
 * rows would be read only to be dropped, and at catch-up rates that read cost about as much as storing them.
 */
export async function skipPunchEvents(tx: Tx): Promise<DerivedEvent[]> {
  const last = await lastPunchId(tx)
  if (last !== (await readSetting(tx, CURSOR_PUNCH))) await writeSetting(tx, CURSOR_PUNCH, last)
  return []
}

/** Commands that reached `succeeded`, `failed` or `delivered`, as `command-result` events. */
export async function deriveCommandEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = parseTimeCursor(await readSetting(tx, CURSOR_COMMAND))
  // A cursor written before command ids were numbers holds a text id: ties on its instant then start over.
  const afterId = /^[0-9]{1,10}$/.test(cursor.key) ? Number(cursor.key) : 0
  const rows = await commandsCompletedAfter(tx, { at: cursor.at, afterId }, cutoff, DERIVE_BATCH)
  const last = rows.at(-1)
  if (!last) return []
  await writeSetting(tx, CURSOR_COMMAND, JSON.stringify({ at: last.at, key: String(last.id) }))
  return rows.map(({ at: _at, completedAt, ...c }) => ({
    event: 'command-result',
    data: { ...c, completedAt: completedAt?.toISOString() ?? null },
  }))
}

/** People first created from a terminal (`source` = `device:<sn>`), as `person-enrolled` events. */
export async function derivePersonEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = parseTimeCursor(await readSetting(tx, CURSOR_PERSON))
  const rows = await deviceEnrolledAfter(
    tx,
    { at: cursor.at, pin: cursor.key },
    cutoff,
    DERIVE_BATCH,
  )
  const last = rows.at(-1)
  if (!last) return []
  await writeSetting(tx, CURSOR_PERSON, JSON.stringify({ at: last.at, key: last.pin }))
  return rows.map((p) => ({
    event: 'person-enrolled',
    data: {
      pin: p.pin,
      name: p.name,
      sn: p.source.slice('device:'.length),
      createdAt: p.createdAt.toISOString(),
    },
  }))
}
