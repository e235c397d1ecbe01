import {
  computePersonDays,
  type DayRecord,
  type EnginePunch,
  type Holiday,
  type Schedule,
  type Shift,
} from '@webroster/attendance'
import type { Db } from '../db'
import { zonesOfDevices } from '../devices'
import { groupsOfPeople } from '../people/group-membership'
import { type CurrentPunch, currentPunchesOf, MANUAL_SN } from '../punches'
import { listHolidays, listSchedules, listShifts } from './calendar-store'
import { addDays } from './dates'
import { writeDays } from './day-store'
import { punchDirection } from './punch-direction'
import { type Claim, finishClaim } from './recompute-queue'

const DAY_MS = 86_400_000

/** What a computation runs with: the database, the zone of people at no terminal with a zone, the clock. */
export interface RecomputeContext {
  db: Db
  defaultZone: string
  now: () => Date
}

/** The outcome of one claim. */
export interface RecomputeResult {
  days: number
  changed: number
  /** Punches the claim read (what its memory grows with) */
  punches: number
}

/**
 * The zone a person's attendance days are counted in: that of the terminal they punched at last in the window
 * (the site they work at), else the server's default zone. A person has one zone per computation, so a day is
 * never split between two calendars; manual punches carry no site and do not decide it.
 */
function zoneOf(punches: readonly CurrentPunch[], zones: Map<string, string>, fallback: string) {
  for (let i = punches.length - 1; i >= 0; i--) {
    const zone = zones.get((punches[i] as CurrentPunch).sn)
    if (zone) return zone
  }
  return fallback
}

/** The records of a claim, computed by the engine from the corrected punches (never a voided one). */
export async function computeClaim(
  ctx: RecomputeContext,
  claim: Claim,
  rules: { shifts: Shift[]; schedules: Schedule[]; holidays: Holiday[] },
): Promise<{ records: DayRecord[]; punches: number }> {
  const pins = [...new Set(claim.ranges.map((r) => r.pin))]
  if (pins.length === 0) return { records: [], punches: 0 }
  let first = ''
  let last = ''
  for (const r of claim.ranges) {
    if (first === '' || r.from < first) first = r.from
    if (r.to > last) last = r.to
  }
  // Dates are local to zones up to ±14 h from UTC: a day more on each side than the engine asks for covers any.
  const from = new Date(Date.parse(`${addDays(first, -2)}T00:00:00Z`))
  const to = new Date(Date.parse(`${addDays(last, 3)}T00:00:00Z`) + DAY_MS)
  const punches = await currentPunchesOf(ctx.db, pins, from, to)
  const groups = await groupsOfPeople(ctx.db, pins)
  const sns = [...new Set(punches.map((p) => p.sn).filter((sn) => sn !== MANUAL_SN))]
  const zones = await zonesOfDevices(ctx.db, sns)
  const ofPin = new Map<string, CurrentPunch[]>()
  for (const p of punches) {
    const list = ofPin.get(p.pin) ?? []
    list.push(p)
    ofPin.set(p.pin, list)
  }
  const records: DayRecord[] = []
  for (const { pin, from: start, to: end } of claim.ranges) {
    const own = ofPin.get(pin) ?? []
    const enginePunches: EnginePunch[] = own.map((p) => ({
      id: p.id,
      at: p.at,
      direction: punchDirection(p.status),
    }))
    const computed = computePersonDays({
      pin,
      groups: groups.get(pin) ?? [],
      timeZone: zoneOf(own, zones, ctx.defaultZone),
      from: start,
      to: end,
      punches: enginePunches,
      ...rules,
    })
    records.push(...computed)
  }
  return { records, punches: punches.length }
}

/**
 * Computes a claim and stores what changed, then removes the claim's queue rows, in one transaction: a crash
 * before the commit leaves the rows to be claimed again once their lease ends.
 */
export async function processClaim(ctx: RecomputeContext, claim: Claim): Promise<RecomputeResult> {
  const rules = {
    shifts: await listShifts(ctx.db),
    schedules: await listSchedules(ctx.db),
    holidays: await listHolidays(ctx.db),
  }
  const { records, punches } = await computeClaim(ctx, claim, rules)
  const changed = await ctx.db.transaction(async (tx) => {
    const n = await writeDays(tx, records, ctx.now())
    await finishClaim(tx, claim.ids)
    return n
  })
  return { days: records.length, changed, punches }
}
