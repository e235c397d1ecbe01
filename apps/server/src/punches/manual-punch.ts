import { and, eq } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { punches } from '../db/schema'
import type { PunchRow } from './punch-list'

/** `punches.sn` of a manual punch not tied to a terminal (no device uses this serial number). */
export const MANUAL_SN = 'manual'
/** Verify code stored for manual punches: 200 is "other" in the protocol's verify table. */
export const MANUAL_VERIFY = 200

export interface ManualPunchInput {
  sn?: string
  pin: string
  localTime: string
  punchedAt: Date
  status?: number
  workCode?: string
  note?: string
  createdBy: string
}

/** Stores a punch entered by hand; idempotent on (device, PIN, wall-clock time, state). */
export async function addManualPunch(
  db: Db,
  input: ManualPunchInput,
  guard: (dates: readonly string[], tx: Tx) => Promise<void>,
): Promise<{ created: boolean; punch: PunchRow }> {
  const key = {
    sn: input.sn ?? MANUAL_SN,
    pin: input.pin,
    localTime: input.localTime,
    status: input.status ?? 0,
  }
  return db.transaction(async (tx) => {
    await guard([input.localTime.slice(0, 10)], tx)
    return insertManual(tx, input, key)
  })
}

async function insertManual(
  db: Tx,
  input: ManualPunchInput,
  key: { sn: string; pin: string; localTime: string; status: number },
): Promise<{ created: boolean; punch: PunchRow }> {
  const [inserted] = await db
    .insert(punches)
    .values({
      ...key,
      punchedAt: input.punchedAt,
      verify: MANUAL_VERIFY,
      workCode: input.workCode ?? '',
      source: 'manual',
      createdBy: input.createdBy,
      note: input.note ?? null,
    })
    .onConflictDoNothing()
    .returning()
  if (inserted) return { created: true, punch: inserted }
  // Same device, PIN, wall-clock time and state: the punch exists already (a retried request).
  const [existing] = await db
    .select()
    .from(punches)
    .where(
      and(
        eq(punches.sn, key.sn),
        eq(punches.pin, key.pin),
        eq(punches.localTime, key.localTime),
        eq(punches.status, key.status),
      ),
    )
  if (!existing) throw new Error('punch conflicted but is not there')
  return { created: false, punch: existing }
}
