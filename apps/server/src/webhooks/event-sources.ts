import { and, asc, desc, gt, inArray, isNotNull, like, lte, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { commands, people, punches, type WebhookEvent } from '../db/schema'
import { publicPunch } from '../punches'
import { initSetting, readSetting, writeSetting } from '../settings'

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
  const [maxPunch] = await db
    .select({ id: sql<string | null>`max(${punches.id})::text` })
    .from(punches)
  await initSetting(db, CURSOR_PUNCH, maxPunch?.id ?? '0')
  const [lastCommand] = await db
    .select({
      at: sql<string>`${commands.completedAt}::text`,
      key: sql<string>`${commands.id}::text`,
    })
    .from(commands)
    .where(isNotNull(commands.completedAt))
    .orderBy(desc(commands.completedAt), desc(commands.id))
    .limit(1)
  await initSetting(db, CURSOR_COMMAND, JSON.stringify(lastCommand ?? START))
  const [lastPerson] = await db
    .select({ at: sql<string>`${people.createdAt}::text`, key: people.pin })
    .from(people)
    .where(like(people.source, 'device:%'))
    .orderBy(desc(people.createdAt), desc(people.pin))
    .limit(1)
  await initSetting(db, CURSOR_PERSON, JSON.stringify(lastPerson ?? START))
}

/** New punches committed before `cutoff`, as batched `punch` events; advances the cursor in `tx`. */
export async function derivePunchEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = Number(await readSetting(tx, CURSOR_PUNCH)) || 0
  const rows = await tx
    .select()
    .from(punches)
    .where(and(gt(punches.id, cursor), lte(punches.receivedAt, cutoff)))
    .orderBy(asc(punches.id))
    .limit(DERIVE_BATCH)
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

/** Commands that reached `succeeded`, `failed` or `delivered`, as `command-result` events. */
export async function deriveCommandEvents(tx: Tx, cutoff: Date): Promise<DerivedEvent[]> {
  const cursor = parseTimeCursor(await readSetting(tx, CURSOR_COMMAND))
  // A cursor written before command ids were numbers holds a text id: ties on its instant then start over.
  const afterId = /^[0-9]{1,10}$/.test(cursor.key) ? Number(cursor.key) : 0
  const rows = await tx
    .select({
      at: sql<string>`${commands.completedAt}::text`,
      id: commands.id,
      sn: commands.sn,
      type: commands.type,
      status: commands.status,
      reason: commands.reason,
      returnCode: commands.returnCode,
      resultMeaning: commands.resultMeaning,
      result: commands.result,
      createdBy: commands.createdBy,
      completedAt: commands.completedAt,
    })
    .from(commands)
    .where(
      and(
        inArray(commands.status, ['succeeded', 'failed', 'delivered']),
        isNotNull(commands.completedAt),
        lte(commands.completedAt, cutoff),
        sql`(${commands.completedAt}, ${commands.id}) > (${cursor.at}::timestamptz, ${afterId}::integer)`,
      ),
    )
    .orderBy(asc(commands.completedAt), asc(commands.id))
    .limit(DERIVE_BATCH)
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
  const rows = await tx
    .select({
      at: sql<string>`${people.createdAt}::text`,
      pin: people.pin,
      name: people.name,
      source: people.source,
      createdAt: people.createdAt,
    })
    .from(people)
    .where(
      and(
        like(people.source, 'device:%'),
        lte(people.createdAt, cutoff),
        sql`(${people.createdAt}, ${people.pin}) > (${cursor.at}::timestamptz, ${cursor.key})`,
      ),
    )
    .orderBy(asc(people.createdAt), asc(people.pin))
    .limit(DERIVE_BATCH)
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
