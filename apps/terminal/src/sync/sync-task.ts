import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import type { DeviceClock } from '../clock/device-clock'
import type { CommandDeps, FingerprintCommands } from '../commands/command-deps'
import type { TerminalConfig } from '../config/terminal-config'
import { type Logger, silentLogger } from '../core/logger'
import { sleepUnlessAborted, type Task } from '../core/task'
import { systemTimer, type Timer } from '../core/timer'
import { Wakeup } from '../core/wakeup'
import type { Connectivity } from '../feedback/feedback'
import type { Store } from '../store/store'
import { type AdmsClient, type AdmsReply, AdmsTransportError } from './adms-client'
import { backoffDelay } from './backoff'
import { CommandRoundTrip } from './command-round-trip'
import { performHandshake } from './handshake'
import { fileLogSource, type LogSource, LogUpload } from './log-upload'
import { readSyncSettings } from './sync-settings'
import { createSystemProbe, type SystemProbe } from './system-probe'
import { pollTelemetry } from './telemetry'
import { UploadRefusedError } from './upload-reply'
import { scheduledTimePassed } from './upload-schedule'
import { type FlushResult, Uploader } from './uploader'

/** How long to idle after requesting a reboot before assuming it failed and carrying on. */
const REBOOT_GRACE_MS = 5 * 60_000

export interface SyncTaskOptions {
  config: Pick<TerminalConfig, 'sn' | 'batchCap' | 'dataDir'>
  store: Store
  clock: DeviceClock
  client: AdmsClient
  /** Reported as firmware version in INFO and telemetry. */
  version?: string
  onConnectivity?: (state: Connectivity) => void
  onCommandReceived?: () => void
  /** Soft reboot in sim, the reboot command on a device; called after the result is sent. */
  requestReboot: () => Promise<void> | void
  log?: Logger
  timer?: Timer
  /** [0, 1) for backoff jitter; injected by tests. */
  random?: () => number
  /** Ceiling of the failure backoff (before jitter). */
  maxBackoffMs?: number
  probe?: SystemProbe
  /** Local log uploaded daily; defaults to the file `<dataDir>/terminal.log`. */
  logSource?: LogSource
  /** INFO and telemetry ride on a poll at most this often (and after counts change). */
  telemetryEveryMs?: number
  /** Reported as INFO fpAlgorithm: `10` (ZK), or `AS608` with that sensor. */
  fpAlgorithm?: string
  /** Enrolment and the sensor's library, when the terminal has a fingerprint sensor. */
  fingerprints?: FingerprintCommands
}

/** What /state shows about sync. */
export interface SyncStatus {
  online: boolean
  /** `pending`: the server answered the handshake without options (not admitted yet). */
  registration: 'unknown' | 'registered' | 'pending'
  lastSuccessAt: string | null
  lastError: string | null
  consecutiveFailures: number
  unsentPunches: number
  unsentOplog: number
  unackedResults: number
}

export interface SyncTask extends Task {
  /** A punch was committed: with Realtime=1 it is pushed at once. */
  notifyPunch(): void
  /** Pushes the backlog now (shares an upload already waiting). */
  pushNow(): Promise<FlushResult>
  /** Uploads the log file now. */
  uploadLogNow(): Promise<number>
  status(): SyncStatus
}

/**
 * The sync loop: handshake, then per cycle send unacknowledged command results, push due
 * punches and op-log records, poll getrequest and run its commands, upload the day's log; wait
 * `Delay` seconds (or until a real-time punch). After a failure it waits ErrorDelay with
 * exponential backoff and jitter, and handshakes again. Nothing is ever dropped on failure.
 */
export function createSyncTask(o: SyncTaskOptions): SyncTask {
  const log = o.log ?? silentLogger
  const timer = o.timer ?? systemTimer
  const random = o.random ?? Math.random
  const version = o.version ?? '0.0.0'
  const probe = o.probe ?? createSystemProbe(o.config.dataDir)
  const telemetryEveryMs = o.telemetryEveryMs ?? 5 * 60_000
  const { store, clock, client } = o
  const wakeup = new Wakeup()

  let signal: AbortSignal | undefined
  let state: Connectivity | undefined
  let needHandshake = true
  let lastPushAt = Number.NEGATIVE_INFINITY
  // Device wall time of the last look at the TransTimes schedule; set when the loop starts.
  let scheduleCheckedAt: string | undefined
  let lastPendingReason: string | undefined
  let lastTelemetryAt = Number.NEGATIVE_INFINITY
  let lastTelemetryCounts = ''
  // Set once a reboot was requested: the runtime is about to stop this task, so do no more work.
  let rebootingSince: number | undefined
  const status = {
    online: false,
    registration: 'unknown' as SyncStatus['registration'],
    lastSuccessAt: null as string | null,
    lastError: null as string | null,
    consecutiveFailures: 0,
  }

  const setState = (next: Connectivity) => {
    if (next !== state) o.onConnectivity?.(next)
    state = next
  }
  const onReply = (reply: AdmsReply) => {
    clock.applyServerTime(reply.date)
  }
  const uploader = new Uploader({ store, client, batchCap: o.config.batchCap, onReply })
  const logUpload = new LogUpload({
    client,
    store,
    source: o.logSource ?? fileLogSource(join(o.config.dataDir, 'terminal.log')),
    onReply,
  })
  const deps: CommandDeps = {
    store,
    clock,
    sn: o.config.sn,
    version,
    network: () => network(probe),
    uploadPunches: (punches) => uploader.uploadPunches(punches, signal),
    uploadOperlog: (lines) => uploader.uploadOperlogLines(lines, signal),
    flush: async () => {
      await uploader.flush(signal)
    },
    recheck: () => {
      needHandshake = true
    },
    optionsChanged: () => wakeup.wake(),
    ...(o.fingerprints ? { fingerprints: o.fingerprints } : {}),
    stopping: () => signal,
  }
  const commands = new CommandRoundTrip({
    deps,
    client,
    log,
    onReply,
    requestReboot: async () => {
      rebootingSince = timer.now()
      await o.requestReboot()
    },
    ...(o.onCommandReceived ? { onCommandReceived: o.onCommandReceived } : {}),
  })

  /**
   * Realtime=1: whenever something waits. Realtime=0: every TransInterval minutes (0 = never) and
   * at each TransTimes slot, checked at the first cycle at or after it (within one `Delay`).
   */
  const pushDue = (now: string): boolean => {
    const settings = readSyncSettings(store)
    const since = scheduleCheckedAt ?? now
    if (store.countUnsentPunches() + store.countUnsentOplog() === 0) return false
    if (settings.realtime) return true
    if (scheduledTimePassed(settings.transTimes, since, now)) return true
    const interval = settings.transIntervalMinutes * 60_000
    return interval > 0 && timer.now() - lastPushAt >= interval
  }

  const poll = async (sig: AbortSignal): Promise<void> => {
    const counts = `${store.countUsers()}/${store.countTemplates()}/${store.countPunches()}`
    const withTelemetry =
      counts !== lastTelemetryCounts || timer.now() - lastTelemetryAt >= telemetryEveryMs
    const query = withTelemetry
      ? pollTelemetry(store, probe.read(), clock.wallClock(), version, o.fpAlgorithm)
      : {}
    const reply = await client.getRequest(query, sig)
    onReply(reply)
    if (reply.status !== 200) throw new UploadRefusedError(`getrequest: HTTP ${reply.status}`)
    if (withTelemetry) {
      lastTelemetryAt = timer.now()
      lastTelemetryCounts = counts
    }
    const body = reply.body.trim()
    if (body === '' || body === 'OK') return
    if (!body.startsWith('C:')) throw new UploadRefusedError(`getrequest: ${body.slice(0, 100)}`)
    await commands.handle(reply.body, sig)
  }

  const cycle = async (sig: AbortSignal): Promise<void> => {
    await commands.sendResults(sig)
    const now = clock.wallClock()
    if (pushDue(now)) {
      setState('syncing')
      await uploader.flush(sig)
      lastPushAt = timer.now()
    }
    // Only now: a slot whose upload failed stays due for the retry.
    scheduleCheckedAt = now
    setState('online')
    await poll(sig)
    const day = clock.wallClock().slice(0, 10)
    if (logUpload.due(day)) {
      try {
        await logUpload.upload(day, sig)
      } catch (error) {
        // The log is a convenience: its failure must not hold back punches or commands.
        log.warn('log upload failed', { error })
      }
    }
  }

  const fail = (error: unknown) => {
    status.consecutiveFailures++
    status.lastError = error instanceof Error ? error.message : String(error)
    const reached = !(error instanceof AdmsTransportError)
    status.online = reached
    setState(reached ? 'online' : 'offline')
    needHandshake = true
    log.warn('sync failed', { error: status.lastError, failures: status.consecutiveFailures })
  }

  const backoff = () =>
    backoffDelay(status.consecutiveFailures, {
      baseMs: readSyncSettings(store).errorDelaySeconds * 1000,
      maxMs: o.maxBackoffMs ?? 5 * 60_000,
      random,
    })

  return {
    name: 'sync',
    async run(sig) {
      signal = sig
      needHandshake = true
      rebootingSince = undefined
      while (!sig.aborted) {
        if (rebootingSince !== undefined && timer.now() - rebootingSince < REBOOT_GRACE_MS) {
          await sleepUnlessAborted(timer, REBOOT_GRACE_MS, sig)
          continue
        }
        try {
          if (needHandshake) {
            const outcome = await performHandshake(client, store, clock, sig)
            status.registration = outcome.kind
            if (outcome.kind === 'pending') {
              // Once per reason, not on every retry: the installer needs it, the journal does not.
              if (outcome.reason !== lastPendingReason) {
                log.warn('server has not admitted this terminal', {
                  sn: o.config.sn,
                  reason: outcome.reason,
                })
              }
              lastPendingReason = outcome.reason
              status.online = true
              status.consecutiveFailures++
              status.lastError = 'server has not admitted this terminal yet'
              setState('offline')
              await sleepUnlessAborted(timer, backoff(), sig)
              continue
            }
            if (lastPendingReason !== undefined) log.info('server admitted this terminal')
            lastPendingReason = undefined
            const { punches, oplog } = outcome.resent
            if (punches + oplog > 0) {
              log.info('server asked for a full re-upload (stamp 0)', { punches, oplog })
              lastPushAt = Number.NEGATIVE_INFINITY
            }
            needHandshake = false
          }
          await cycle(sig)
          status.online = true
          status.consecutiveFailures = 0
          status.lastError = null
          status.lastSuccessAt = clock.now().toISOString()
          if (needHandshake) continue
          await wakeup.sleep(timer, readSyncSettings(store).delaySeconds * 1000, sig)
        } catch (error) {
          if (sig.aborted) break
          fail(error)
          await sleepUnlessAborted(timer, backoff(), sig)
        }
      }
    },
    notifyPunch() {
      if (readSyncSettings(store).realtime) wakeup.wake()
    },
    pushNow: () => uploader.flush(signal),
    uploadLogNow: () => logUpload.upload(clock.wallClock().slice(0, 10), signal),
    status: () => ({
      ...status,
      unsentPunches: store.countUnsentPunches(),
      unsentOplog: store.countUnsentOplog(),
      unackedResults: store.unackedResults().length,
    }),
  }
}

function network(probe: SystemProbe): { ip: string; mac: string } {
  const ip = probe.read().ip
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.address === ip) return { ip, mac: a.mac.toUpperCase() }
  }
  return { ip, mac: '' }
}
