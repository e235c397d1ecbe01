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
import { type Claim, finishClaim, type PersonDay } from './recompute-queue'

const DAY_MS = 86_400_000

/** What a computation reads besides the punches: the rules in force, and the zone of undeclared sites. */
export interface RecomputeContext {
  db: Db
  defaultZone: string
  now: () => Date
}

/** The outcome of one claim. */
export interface RecomputeResult {
  days: number
  changed: number
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

/** The claimed days of each person, and the span that covers them. */
function byPerson(
  days: readonly PersonDay[],
): Map<string, { from: string; to: string; dates: Set<string> }> {
  const out = new Map<string, { from: string; to: string; dates: Set<string> }>()
  for (const d of days) {
    const entry = out.get(d.pin)
    if (!entry) out.set(d.pin, { from: d.date, to: d.date, dates: new Set([d.date]) })
    else {
      if (d.date < entry.from) entry.from = d.date
      if (d.date > entry.to) entry.to = d.date
      entry.dates.add(d.date)
    }
  }
  return out
}

/** The records of a claim, computed by the engine from the corrected punches (never a voided one). */
export async function computeClaim(
  ctx: RecomputeContext,
  claim: Claim,
  rules: { shifts: Shift[]; schedules: Schedule[]; holidays: Holiday[] },
): Promise<DayRecord[]> {
  const people = byPerson(claim.days)
  const pins = [...people.keys()]
  if (pins.length === 0) return []
  let first = ''
  let last = ''
  for (const p of people.values()) {
    if (first === '' || p.from < first) first = p.from
    if (p.to > last) last = p.to
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
  for (const [pin, span] of people) {
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
      from: span.from,
      to: span.to,
      punches: enginePunches,
      ...rules,
    })
    for (const r of computed) if (span.dates.has(r.date)) records.push(r)
  }
  return records
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
  const records = await computeClaim(ctx, claim, rules)
  const changed = await ctx.db.transaction(async (tx) => {
    const n = await writeDays(tx, records, ctx.now())
    await finishClaim(tx, claim.ids)
    return n
  })
  return { days: records.length, changed }
}
