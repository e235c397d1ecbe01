import type { ApiDeps } from './api'
import { ensureAdminToken } from './auth/admin-token'
import { ApiKeys } from './auth/api-keys'
import { ClockCorrectionThrottle, ZoneClock } from './clock'
import { COMMANDS_CHANNEL, CommandQueue, PendingCache } from './commands'
import { primePendingCache } from './commands/pending-prime'
import type { ServerConfig } from './config'
import type { Database, Db } from './db'
import { DEVICES_CHANNEL, DeviceDirectory, PresenceBuffer } from './devices'
import { DeviceRecords } from './diagnostics/device-records'
import { errorCause } from './errors'
import type { HealthDeps } from './health'
import { type EnrolmentHook, Ingest } from './ingest/ingest'
import type { Logger } from './logger'
import { createFanOut } from './people'
import { initDefaultGroup } from './people/default-group'
import { People } from './people/people'
import {
  type LockedPeriods,
  PUNCHES_CHANNEL,
  PunchBatcher,
  Punches,
  PunchFeed,
  PunchPartitions,
  rereadInDeviceZone,
} from './punches'
import { createTimesheetWorker, Timesheets, type TimesheetWorker } from './timesheets'
import { WebhookSubscriptions } from './webhooks/webhook-store'
import { createWebhookWorker, type WebhookWorker } from './webhooks/worker'

export interface ServiceDeps {
  database: Database
  config: ServerConfig
  log: Logger
  /** Injectable clock for tests */
  now?: () => Date
  /** Replaces the enrolment fan-out the ingest calls after each upload (tests) */
  onEnrolled?: EnrolmentHook
  /** Which months locked timesheet periods need, so retention keeps them (default: the timesheets module) */
  lockedPeriods?: LockedPeriods
}

/**
 * The composition root's product, built once per process: the management API's and the health check's named
 * dependencies, and what the device protocol (`iclock/`) and ingest still take as one object. `start` runs
 * background work, `stop` ends it.
 */
export interface Services {
  /** Everything the /api routes are built from */
  api: ApiDeps
  health: HealthDeps
  database: Database
  db: Db
  config: ServerConfig
  log: Logger
  now: () => Date
  /** Admin token generated on this start, if any (printed once by main.ts) */
  generatedAdminToken: string | undefined
  devices: DeviceDirectory
  commands: CommandQueue
  /** Batched last-seen / telemetry writes */
  presence: PresenceBuffer
  /** Group commit of punches from every device request */
  punches: PunchBatcher
  /** Device wall clock → instant, memoised per zone and hour */
  zoneClock: ZoneClock
  /** This process's hold-off between automatic clock corrections of a device */
  clockCorrections: ClockCorrectionThrottle
  /** Webhook outbox worker: derives events from the tables and delivers them */
  webhooks: WebhookWorker
  /** Every device upload is stored through this one interface */
  ingest: Ingest
  /** The punches table's monthly partitions: created ahead, dropped past retention */
  partitions: PunchPartitions
  /** Shifts, schedules, holidays, period locks and the stored timesheets */
  timesheets: Timesheets
  /** Recomputes queued person-days in the background */
  timesheetWorker: TimesheetWorker
  start(): Promise<void>
  stop(): Promise<void>
}

/** How long a device's pending-commands answer is trusted without a NOTIFY (safety net for a lost one) */
const PENDING_TTL_MS = 300_000
/** Every known device's answer is read afresh this often, in one read */
const PENDING_RENEW_MS = 120_000

/** Builds the services over an open database. */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { database, config, log } = deps
  const now = deps.now ?? (() => new Date())
  const admin = await ensureAdminToken(database.db, config.adminToken, log)
  await initDefaultGroup(database.db, config.defaultGroup)
  const startHooks: Array<() => Promise<void>> = []
  const stopHooks: Array<() => Promise<void>> = []
  // NOTIFY keeps these caches right across processes; the TTL only bounds the damage of a lost notification.
  const pending = new PendingCache(PENDING_TTL_MS)
  const clockCorrections = new ClockCorrectionThrottle()
  const commands = new CommandQueue({
    database,
    pending,
    now,
    redeliverySeconds: config.commandRedeliverySeconds,
    maxDeliveries: config.commandMaxDeliveries,
    maxAgeHours: config.commandMaxAgeHours,
    clockCorrections,
  })
  const records = new DeviceRecords(database.db)
  const people = new People({
    db: database.db,
    queue: commands,
    defaultZone: config.defaultTimeZone,
  })
  const devices = new DeviceDirectory({
    database,
    admission: config.admission,
    pollDelaySeconds: config.pollDelaySeconds,
    now,
    cacheTtlMs: 300_000,
    maxPendingDevices: config.maxPendingDevices,
    pendingTtlHours: config.pendingDeviceTtlHours,
    // Each owner drops its own rows of a forgotten serial, in the transaction that forgets it.
    onForget: [(sn, tx) => commands.forgetDevice(sn, tx), (sn, tx) => records.forgetDevice(sn, tx)],
    onAdmitted: [(sn, tx) => people.joinDefaultGroup(sn, tx)],
  })
  const presence = new PresenceBuffer(database.db, log)
  // Rows queued longer than a terminal waits (~10 s) were refused already: let them go, so re-sends during an
  // outage do not pile up. PGlite cannot go away; a long transaction there only makes the queue wait.
  const punchFeed = new PunchFeed({
    db: database.db,
    log,
    notify: () => database.notify(PUNCHES_CHANNEL, ''),
  })
  const timesheets = new Timesheets({ db: database.db, defaultZone: config.defaultTimeZone, now })
  const punches = new PunchBatcher(database.db, log, {
    parallel: database.driver === 'pglite' ? 1 : 2,
    maxQueueMs: database.driver === 'pglite' ? Number.POSITIVE_INFINITY : 10_000,
    onCommitted: () => punchFeed.announce(),
    // A punch's days are queued before the terminal hears OK (timesheets never miss an acknowledged punch), once
    // per group commit.
    afterCommit: (rows) =>
      timesheets.punchesChanged(
        rows.map((r) => {
          // The zone its days are counted in, as the computation will: the terminal's, else the site's. Known from
          // memory for a terminal in the directory; looked up otherwise.
          const device = devices.cached(r.sn)
          const zone = device ? (device.timeZone ?? config.defaultTimeZone) : undefined
          return { pin: r.pin, sn: r.sn, at: r.punchedAt, ...(zone ? { zone } : {}) }
        }),
      ),
    copy: (table, columns, text) => database.copyFrom(table, columns, text),
  })
  // ingest: built with only what it writes, and the enrolment fan-out it calls after each commit.
  const zoneClock = new ZoneClock()
  const ingest = new Ingest({
    db: database.db,
    punches,
    zoneClock,
    clockCorrections,
    presence,
    commands,
    config,
    log,
    now,
    onEnrolled:
      deps.onEnrolled ??
      createFanOut({ db: database.db, queue: commands, defaultZone: config.defaultTimeZone, log }),
  })
  const webhooks = createWebhookWorker({ db: database.db, config, log, now })
  const partitions = new PunchPartitions({
    db: database.db,
    log,
    retentionMonths: config.punchRetentionMonths,
    locks: deps.lockedPeriods ?? timesheets,
  })
  startHooks.push(async () => {
    // At start, so this month's partition exists before the first punch; then daily, for the month boundary
    // (PARTITIONS_AHEAD months ahead) and retention. A failure leaves punches in the default partition, never lost.
    const maintain = async () => {
      try {
        await partitions.ensure(now())
        await partitions.applyRetention(now())
      } catch (e) {
        log.warn('punch partition maintenance failed', errorCause(e))
      }
    }
    await maintain()
    const timer = setInterval(() => void maintain(), 86_400_000)
    stopHooks.push(async () => clearInterval(timer))
  })
  const timesheetWorker = createTimesheetWorker({
    db: database.db,
    log,
    now,
    defaultZone: config.defaultTimeZone,
    intervalMs: config.timesheetIntervalMs,
    parallel: database.driver === 'pglite' ? 1 : 2,
    ingestBusy: () => punches.busy(),
  })
  startHooks.push(async () => {
    await timesheetWorker.start()
    stopHooks.push(() => timesheetWorker.stop())
  })
  startHooks.push(async () => {
    await webhooks.start()
    stopHooks.push(() => webhooks.stop())
  })
  startHooks.push(async () => {
    const unlisten = [
      await database.listen(COMMANDS_CHANNEL, (sn) => pending.invalidate(sn)),
      await database.listen(DEVICES_CHANNEL, (sn) => devices.invalidate(sn)),
      await database.listen(PUNCHES_CHANNEL, () => punchFeed.wake()),
    ]
    // Notifications sent while we were not listening are lost: forget what we knew, then learn it afresh for
    // every device in one read, so no terminal's first poll needs the database.
    pending.clear()
    try {
      const primed = await primePendingCache(
        database.db,
        pending,
        now,
        config.commandRedeliverySeconds,
      )
      log.debug('pending commands primed', { devices: primed })
      log.debug('devices primed', { devices: await devices.prime() })
    } catch (e) {
      log.warn('could not prime pending commands; polls will look them up', {
        error: (e as Error).message,
      })
    }
    const presenceTimer = setInterval(() => void presence.flush(), 1000)
    // Renewed well within the pending cache's TTL: otherwise every device's entry expires in turn and each
    // expiry costs a poll a database look-up (about 330 a second with 100,000 terminals).
    const pendingTimer = setInterval(() => {
      primePendingCache(database.db, pending, now, config.commandRedeliverySeconds).catch(
        (e: unknown) => {
          log.warn('could not renew pending commands', errorCause(e))
        },
      )
    }, PENDING_RENEW_MS)
    const expiryTimer = setInterval(() => {
      commands.expire().catch((e: unknown) => {
        log.warn('command expiry failed', { error: (e as Error).message })
      })
      devices.expirePending().catch((e: unknown) => {
        log.warn('pending device expiry failed', errorCause(e))
      })
    }, 60_000)
    stopHooks.push(async () => {
      clearInterval(presenceTimer)
      clearInterval(pendingTimer)
      clearInterval(expiryTimer)
      punchFeed.stop()
      for (const off of unlisten) await off()
      await punches.drain()
      await presence.flush()
    })
  })
  const services: Services = {
    api: {
      auth: { db: database.db, adminTokenHash: admin.hash, config, log, now },
      apiKeys: new ApiKeys(database.db, now),
      devices,
      commands,
      people,
      punches: new Punches(
        database.db,
        log,
        {
          guard: (dates, tx) => timesheets.assertUnlocked(dates, tx),
          changed: (punches) => timesheets.punchesChanged(punches),
        },
        now,
      ),
      timesheets,
      punchFeed,
      records,
      webhooks: new WebhookSubscriptions(database.db),
      rereadPunches: (sn) =>
        rereadInDeviceZone(
          { ...services, punchesChanged: (moved) => timesheets.punchesChanged(moved) },
          sn,
        ),
      defaultTimeZone: config.defaultTimeZone,
      clockSyncThresholdSeconds: config.clockSyncThresholdSeconds,
      webhookAllowPrivate: config.webhookAllowPrivate,
      now,
      log,
    },
    health: { database, timeoutMs: config.deviceDbTimeoutMs },
    database,
    db: database.db,
    config,
    log,
    now,
    generatedAdminToken: admin.generated,
    devices,
    commands,
    presence,
    punches,
    zoneClock,
    clockCorrections,
    webhooks,
    ingest,
    partitions,
    timesheets,
    timesheetWorker,
    async start() {
      for (const hook of startHooks) await hook()
    },
    async stop() {
      for (const hook of [...stopHooks].reverse()) await hook()
      stopHooks.length = 0
    },
  }
  return services
}
