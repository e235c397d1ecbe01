import type { ServerConfig } from '../config'
import type { Db, Tx } from '../db'
import type { Logger } from '../logger'
import { initSetting, tryLockSetting } from '../settings'
import type { DestinationRule, Resolve } from './destination'
import { derivePresenceEvents } from './device-presence'
import {
  DERIVE_BATCH,
  deriveCommandEvents,
  derivePersonEvents,
  derivePunchEvents,
  deriveTimesheetEvents,
  initCursors,
  PUNCHES_PER_EVENT,
  skipPunchEvents,
} from './event-sources'
import { claimDue, enqueueEvents, recordAttempt, subscribedEvents } from './outbox'
import { sendWebhook } from './sender'

const LOCK_KEY = 'webhook_derive_lock'
/** How often the loop runs. */
const INTERVAL_MS = 1_000
/** How often device presence is compared (it reads every device) */
const PRESENCE_EVERY_MS = 5_000
/** Derivation transactions per pass at most, when a source has a backlog. */
const MAX_DERIVE_ROUNDS = 10
/** Deliveries sent concurrently per pass. */
const CLAIM_LIMIT = 25
/** A claimed delivery is invisible to other processes this long (longer than one send can take). */
const LEASE_MS = 60_000
/**
 * Rows are turned into events only once they are this old. Ids and timestamps are taken when a
 * transaction starts but become visible when it commits; waiting lets a slower transaction with a
 * smaller id commit before the cursor moves past it.
 */
export const SETTLE_MS = 5_000

export interface WebhookWorkerDeps {
  db: Db
  config: Pick<ServerConfig, 'pollDelaySeconds' | 'webhookAllowPrivate'>
  log: Logger
  now: () => Date
  /** Name resolution for the destination rule, injectable for tests */
  resolve?: Resolve
  /** Jitter source, injectable for tests */
  random?: () => number
}

export interface RunResult {
  /** Outbox rows created */
  queued: number
  delivered: number
  retrying: number
  failed: number
}

/** The webhook outbox worker: derives events from the tables, then delivers due outbox rows. */
export interface WebhookWorker {
  /** One derivation and delivery pass (tests call it directly). */
  runOnce(): Promise<RunResult>
  start(): Promise<void>
  stop(): Promise<void>
}

/** Builds the worker; nothing runs until `start()` or `runOnce()`. */
export function createWebhookWorker(deps: WebhookWorkerDeps): WebhookWorker {
  const { db, config, log, now } = deps
  const random = deps.random ?? Math.random
  const rule: DestinationRule = {
    allowPrivate: config.webhookAllowPrivate,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> | undefined
  let stopped = true
  let initialised = false
  let presenceAt = 0

  async function derive(): Promise<{ queued: number; more: boolean }> {
    if (!initialised) {
      await initCursors(db)
      await initSetting(db, LOCK_KEY, 'lock')
      initialised = true
    }
    const at = now()
    const cutoff = new Date(at.getTime() - SETTLE_MS)
    // Cursor advance and outbox rows commit together: a crash loses nothing and repeats nothing.
    return db.transaction(async (tx) => {
      if (!(await tryLockSetting(tx, LOCK_KEY))) return { queued: 0, more: false }
      const wanted = await subscribedEvents(tx)
      const punchEvents = wanted.has('punch')
        ? await derivePunchEvents(tx, cutoff)
        : await skipPunchEvents(tx)
      const dayEvents = await deriveTimesheetEvents(tx, cutoff)
      const events = [
        ...punchEvents,
        ...(await deriveCommandEvents(tx, cutoff)),
        ...(await derivePersonEvents(tx, cutoff)),
        ...dayEvents,
        ...(await presenceEvents(tx, at)),
      ]
      const queued = await enqueueEvents(tx, events, at)
      const full =
        punchEvents.length * PUNCHES_PER_EVENT >= DERIVE_BATCH || dayEvents.length >= DERIVE_BATCH
      return { queued, more: full }
    })
  }

  // Presence reads every device: with thousands known, once a second showed in the poll profile. The online
  // window is at least 12 s (two polls + margin), so looking every few seconds loses no transition.
  async function presenceEvents(tx: Tx, at: Date) {
    if (at.getTime() - presenceAt < PRESENCE_EVERY_MS) return []
    presenceAt = at.getTime()
    return derivePresenceEvents(tx, at, config.pollDelaySeconds)
  }

  async function deliver(result: RunResult): Promise<void> {
    const due = await claimDue(db, now(), CLAIM_LIMIT, LEASE_MS)
    await Promise.all(
      due.map(async (d) => {
        const outcome = await sendWebhook(
          d.url,
          d.secret,
          { id: String(d.id), event: d.event, createdAt: d.createdAt, data: d.payload },
          now(),
          rule,
        )
        const status = await recordAttempt(db, d, outcome, now(), random)
        if (status === 'delivered') result.delivered++
        else if (status === 'failed') {
          result.failed++
          log.warn('webhook delivery failed for good', { delivery: d.id, error: outcome.error })
        } else result.retrying++
      }),
    )
  }

  async function runOnce(): Promise<RunResult> {
    const result: RunResult = { queued: 0, delivered: 0, retrying: 0, failed: 0 }
    // A backlog (a fleet uploading after an outage) is drained several batches per pass.
    for (let i = 0; i < MAX_DERIVE_ROUNDS; i++) {
      const { queued, more } = await derive()
      result.queued += queued
      if (!more) break
    }
    await deliver(result)
    return result
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => {
          log.error('webhook worker pass failed', {
            error: error instanceof Error ? error.message : String(error),
          })
        })
        .finally(schedule)
    }, INTERVAL_MS)
  }

  return {
    runOnce,
    async start() {
      if (!stopped) return
      stopped = false
      schedule()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
