import type { Db } from '../db'
import type { Logger } from '../logger'
import { allPins } from '../people/group-membership'
import { addDays, dateIn } from './dates'
import { processClaim } from './recompute'
import { claimDays, enqueueRange } from './recompute-queue'

/**
 * Queue rows per claim (a row is a person's range: a punch's three days, or a month after a schedule edit): one
 * transaction's worth of writes, short enough not to hold PGlite's one connection long.
 */
export const CLAIM_ROWS = 200
/**
 * Punches a claim should read at most: a claim is sized in people, and people whose days hold thousands of punches
 * (a terminal replaying its log, a test rig) would make 200 of them hundreds of MB. After a claim that read more,
 * the next claims take fewer people (halving, at least one); after a light one they grow back to the claim size.
 * A worker starts at an eighth of the claim size, so the first claims of a heavy backlog are small too.
 */
export const CLAIM_PUNCHES = 20_000
/** A claim is invisible to other processes this long (far longer than one claim takes to compute). */
const LEASE_MS = 5 * 60_000

export interface TimesheetWorkerDeps {
  db: Db
  log: Logger
  now: () => Date
  /** Zone of people who punch at no terminal with a zone, and of the daily close */
  defaultZone: string
  /** Milliseconds between passes when the queue is empty */
  intervalMs: number
  /** Rows per claim (tests and the benchmark vary it) */
  claimRows?: number
  /** Punches a claim should read at most (tests vary it) */
  claimPunches?: number
  /**
   * Claims computed at once by this process: on Postgres one claim's reads and writes overlap another's engine work;
   * PGlite has one connection, so 1
   */
  parallel?: number
  /**
   * Whether punches are being written right now (the group commit's queue or statements): while they are, a
   * scheduled pass takes one claim and waits until computing was at most `BUSY_DUTY` of the time (`nextPassDelay`),
   * so a catch-up flood of uploads keeps the process and the database; the days it queued are computed once it
   * subsides
   */
  ingestBusy?: () => boolean
}

export interface TimesheetPass {
  claims: number
  days: number
  changed: number
  /** The pass stopped with claims left because ingest was busy (paced passes only) */
  yielded?: boolean
}

/**
 * People for the next claim: halved (at least one) after a claim that read more than `maxPunches`, doubled back
 * towards `maxRows` after one that read less than half of it.
 * @example nextClaimRows(200, 200, 90_000, 20_000) // 100
 */
export function nextClaimRows(
  current: number,
  maxRows: number,
  punches: number,
  maxPunches: number,
): number {
  if (punches > maxPunches) return Math.max(1, Math.floor(current / 2))
  if (punches < maxPunches / 2) return Math.min(maxRows, current * 2)
  return current
}

/** Share of the time a worker computes while ingest is busy: the uploads keep the rest. */
export const BUSY_DUTY = 0.02

/**
 * How long to wait before the next scheduled pass: the interval, or, after a pass that yielded to ingest, long
 * enough that computing takes at most `BUSY_DUTY` of the time (a claim of 200 people's busy days can take a large
 * part of a second of the process and the database).
 * @example nextPassDelay(500, 300, true) // 14700
 */
export function nextPassDelay(intervalMs: number, passMs: number, yielded: boolean): number {
  if (!yielded) return intervalMs
  return Math.max(intervalMs, Math.round((passMs * (1 - BUSY_DUTY)) / BUSY_DUTY))
}

/** The background recomputation: claims queued person-days, computes and stores them. */
export interface TimesheetWorker {
  /**
   * Drains the queue (every claimable row), one claim after another; `paced`, it stops after a claim while ingest is
   * busy (what the scheduled passes do).
   */
  runOnce(options?: { paced?: boolean }): Promise<TimesheetPass>
  start(): Promise<void>
  stop(): Promise<void>
}

export function createTimesheetWorker(deps: TimesheetWorkerDeps): TimesheetWorker {
  const { db, log, now } = deps
  const ctx = { db, defaultZone: deps.defaultZone, now }
  const maxRows = deps.claimRows ?? CLAIM_ROWS
  /**
   * People per claim now: from an eighth of `maxRows` up (doubling after each light claim), fewer while claims read
   * more than `claimPunches` punches, so even the first claims of a heavy backlog stay small
   */
  let limit = Math.max(1, Math.ceil(maxRows / 8))
  const claimPunches = deps.claimPunches ?? CLAIM_PUNCHES
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> | undefined
  let stopped = true
  /** Set by stop(): a pass draining a backlog ends after its current claim */
  let halting = false
  let closedDay: string | undefined

  async function drain(pass: TimesheetPass, paced: boolean): Promise<void> {
    while (!halting) {
      const asked = limit
      const claim = await claimDays(db, now(), asked, LEASE_MS)
      if (claim.ids.length === 0) break
      const result = await processClaim(ctx, claim)
      limit = nextClaimRows(limit, maxRows, result.punches, claimPunches)
      pass.claims++
      pass.days += result.days
      pass.changed += result.changed
      if (paced && deps.ingestBusy?.()) {
        pass.yielded = true
        break
      }
      if (claim.ids.length < asked) break
    }
  }

  async function runOnce(options: { paced?: boolean } = {}): Promise<TimesheetPass> {
    const pass: TimesheetPass = { claims: 0, days: 0, changed: 0 }
    const paced = options.paced ?? false
    // While ingest is busy a paced pass is one claim of one drain; otherwise claims run `parallel` at once.
    const drains = paced && deps.ingestBusy?.() ? 1 : (deps.parallel ?? 1)
    await Promise.all(Array.from({ length: drains }, () => drain(pass, paced)))
    if (pass.claims > 0) log.debug('timesheet days recomputed', { ...pass })
    return pass
  }

  /**
   * A day nobody punched on (an absence) is queued by no punch: once a day, yesterday is queued for everyone.
   * Every process does it; the queue takes each person-day once, so doing it twice costs one statement.
   */
  async function closeDay(): Promise<void> {
    const today = dateIn(now(), deps.defaultZone)
    if (closedDay === today) return
    const yesterday = addDays(today, -1)
    await enqueueRange(db, await allPins(db), yesterday, yesterday)
    closedDay = today
  }

  function schedule(delayMs: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      const started = performance.now()
      let yielded = false
      running = closeDay()
        .then(() => runOnce({ paced: true }))
        .then((pass) => {
          yielded = pass.yielded === true
        })
        .catch((error: unknown) => {
          log.error('timesheet pass failed', {
            error: error instanceof Error ? error.message : String(error),
          })
        })
        .finally(() =>
          schedule(nextPassDelay(deps.intervalMs, performance.now() - started, yielded)),
        )
    }, delayMs)
  }

  return {
    runOnce,
    async start() {
      if (!stopped) return
      stopped = false
      halting = false
      schedule(deps.intervalMs)
    },
    async stop() {
      stopped = true
      halting = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
