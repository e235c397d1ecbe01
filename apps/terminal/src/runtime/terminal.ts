import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AS608_ALGORITHM, formatOperlogRecord } from '@webroster/protocol'
import { type Clock, systemClock } from '../clock/clock'
import { DeviceClock } from '../clock/device-clock'
import type { FingerprintCommands } from '../commands/command-deps'
import type { TerminalConfig } from '../config/terminal-config'
import { type Logger, silentLogger } from '../core/logger'
import { Supervisor } from '../core/supervisor'
import type { Task } from '../core/task'
import { systemTimer, type Timer } from '../core/timer'
import { type Connectivity, createFeedback, type Feedback } from '../feedback/feedback'
import { createScreen, enrolmentText, type Screen } from '../feedback/screen'
import type { Hardware } from '../hardware/ports'
import { FingerprintLibrary } from '../punch/fingerprint-library'
import { createFingerprintLibraryTask } from '../punch/fingerprint-library-task'
import { PunchFlow } from '../punch/punch-flow'
import { createSensorTask } from '../punch/sensor-task'
import { openStore, type Store } from '../store/store'
import type { SyncStatus, SyncTask } from '../sync/sync-task'

/** Everything a running terminal offers its tasks (sync loop, command executor, sim control). */
export interface TerminalContext {
  readonly config: TerminalConfig
  readonly store: Store
  readonly clock: DeviceClock
  readonly hardware: Hardware
  readonly feedback: Feedback
  /** The display: clock, greetings, refusals, state; `prompt()` for enrolment steps. */
  readonly screen: Screen
  readonly flow: PunchFlow
  readonly supervisor: Supervisor
  readonly bootCount: number
  readonly logger: Logger
  /** Enrolment and the sensor's library, when the hardware has a fingerprint sensor. */
  readonly fingerprints?: FingerprintCommands
  /** What the terminal reports as its fingerprint algorithm (INFO fpAlgorithm). */
  readonly fpAlgorithm: string
  /** The sync loop reports what the status LED should show. */
  setConnectivity(state: Connectivity): void
  /**
   * A punch or op-log record was committed outside the punch flow (which notifies by itself):
   * with Realtime=1 the sync loop pushes it at once instead of at its next poll.
   */
  notifyPunch(): void
  /** What the sync loop knows (reaching the server, backlog); undefined when there is none. */
  syncStatus(): SyncStatus | undefined
  /**
   * Asks for a reboot once the caller has returned; never awaits it, since the caller's own task
   * is among those stopped. Journal a command's result before calling this.
   */
  requestReboot(kind?: 'soft' | 'hard'): void
}

/** The sync loop as the runtime sees it: a task it can nudge and ask about. */
export type SyncHandle = Task & Pick<SyncTask, 'notifyPunch' | 'status'>

export interface TerminalDeps {
  config: TerminalConfig
  createHardware(config: TerminalConfig): Promise<Hardware>
  /** The sync loop, built per boot from that boot's context. */
  createSyncTask?(context: TerminalContext): SyncHandle
  logger?: Logger
  timer?: Timer
  clock?: Clock
  /** Where the store lives; defaults to `<dataDir>/terminal.db`. */
  storePath?: string
  /** Runs the hard-reboot argv; replaced in tests. */
  runRebootCommand?(argv: readonly string[]): void
}

/** The firmware: boots, runs its tasks under a supervisor, shuts down in order, reboots in-process. */
export class Terminal {
  readonly #deps: TerminalDeps
  readonly #logger: Logger
  #context: TerminalContext | undefined
  #transition: Promise<void> = Promise.resolve()

  constructor(deps: TerminalDeps) {
    this.#deps = deps
    this.#logger = deps.logger ?? silentLogger
  }

  /** The running boot's context, or undefined while stopped or rebooting. */
  get context(): TerminalContext | undefined {
    return this.#context
  }

  /** Boot: open store, count the boot, bring up hardware, beep, start tasks. */
  start(): Promise<void> {
    return this.#serialise(() => this.#boot())
  }

  /** Orderly shutdown: stop tasks, release outputs and sensor, close the store. */
  shutdown(): Promise<void> {
    return this.#serialise(() => this.#halt())
  }

  /** Soft reboot: shut down and boot again in this process (boot count + 1). */
  reboot(): Promise<void> {
    return this.#serialise(async () => {
      await this.#halt()
      await this.#boot()
    })
  }

  #serialise(step: () => Promise<void>): Promise<void> {
    const next = this.#transition.then(step)
    this.#transition = next.catch(() => {})
    return next
  }

  async #boot(): Promise<void> {
    if (this.#context) return
    const { config } = this.#deps
    const timer = this.#deps.timer ?? systemTimer
    const logger = this.#logger
    const storePath = this.#deps.storePath ?? join(config.dataDir, 'terminal.db')
    if (storePath !== ':memory:') mkdirSync(config.dataDir, { recursive: true })
    const store = openStore(storePath)
    let hardware: Hardware
    try {
      hardware = await this.#deps.createHardware(config)
    } catch (error) {
      store.close()
      throw error
    }
    const bootCount = store.incrementBootCount()
    const clock = new DeviceClock({
      store,
      timeZone: config.timeZone,
      timeZoneExplicit: config.timeZoneExplicit,
      base: this.#deps.clock ?? systemClock,
    })
    const feedback = createFeedback(hardware, {
      timer,
      onError: (error) => logger.warn('output write failed', { error }),
    })
    // Built after the context (it is the sync task's input); hooks read it when they fire.
    let sync: SyncHandle | undefined
    const screen = createScreen(hardware.display, {
      clock,
      timer,
      state: () => ({
        connectivity: feedback.connectivity,
        registration: sync?.status().registration ?? 'unknown',
        waiting: store.countUnsentPunches(),
      }),
      onError: (error) =>
        logger.error('display does not answer', {
          error: error instanceof Error ? error.message : String(error),
        }),
      onRecovered: () => logger.info('display answers again'),
    })
    const flow = new PunchFlow({
      store,
      clock,
      feedback,
      screen,
      rule: config.punchState,
      duplicateWindowMs: config.duplicateWindowSeconds * 1000,
      timer,
      onPunch: () => sync?.notifyPunch(),
    })
    const supervisor = new Supervisor({ timer, logger })
    // One library per boot: enrolment and reconciliation share its lock and its free-slot choice.
    const library = hardware.fingerprint && new FingerprintLibrary(store, hardware.fingerprint)
    const libraryTask = library && createFingerprintLibraryTask({ library, timer, logger })
    const fingerprints: FingerprintCommands | undefined =
      library && libraryTask
        ? {
            library,
            captures: config.fingerprint.captures,
            stepTimeoutMs: config.fingerprint.enrolStepSeconds * 1000,
            signal: (event) => feedback.signal(event),
            // A request to place or lift stays up while the sensor waits; the outcome a few seconds.
            prompt: (step) =>
              screen.prompt(enrolmentText(step), {
                timeoutMs: 'capture' in step ? config.fingerprint.enrolStepSeconds * 1000 : 4_000,
              }),
            templatesChanged: () => libraryTask.nudge(),
          }
        : undefined
    const context: TerminalContext = {
      config,
      store,
      clock,
      hardware,
      feedback,
      screen,
      flow,
      supervisor,
      bootCount,
      logger,
      ...(fingerprints ? { fingerprints } : {}),
      fpAlgorithm: fingerprints ? AS608_ALGORITHM : '10',
      setConnectivity: (state) => feedback.setConnectivity(state),
      notifyPunch: () => sync?.notifyPunch(),
      syncStatus: () => sync?.status(),
      requestReboot: (kind = 'soft') => this.#requestReboot(kind),
    }
    // Power-on as real firmware logs it (OPLOG op 0), so the server sees reboots.
    store.addOplog(
      'OPLOG',
      formatOperlogRecord({
        kind: 'OPLOG',
        op: 0,
        operator: '0',
        time: clock.wallClock(),
        value1: '0',
        value2: '0',
        value3: '0',
        reserved: '0',
      }),
    )
    try {
      await hardware.sensor.probe()
      feedback.signal('boot')
    } catch (error) {
      // Keep running: punches are impossible, but sync and commands still work; the sensor
      // task keeps probing with backoff.
      logger.error('sensor did not answer at boot', { error })
      feedback.signal('error')
    }
    screen.start()
    this.#context = context
    supervisor.start(
      createSensorTask({
        sensor: hardware.sensor,
        flow: () => flow,
        timer,
        pollMs: config.sensorPollMs,
        logger,
      }),
    )
    if (libraryTask) supervisor.start(libraryTask)
    sync = this.#deps.createSyncTask?.(context)
    if (sync) supervisor.start(sync)
    logger.info('terminal booted', { sn: config.sn, bootCount, hardware: config.hardware })
  }

  async #halt(): Promise<void> {
    const context = this.#context
    if (!context) return
    this.#context = undefined
    await context.supervisor.stop()
    context.feedback.stop()
    context.screen.stop()
    await Promise.all([context.feedback.settled(), context.screen.settled()])
    try {
      await context.hardware.close()
    } catch (error) {
      this.#logger.warn('hardware did not close cleanly', { error })
    }
    context.store.close()
    this.#logger.info('terminal stopped', { sn: context.config.sn })
  }

  #requestReboot(kind: 'soft' | 'hard'): void {
    const argv = this.#deps.config.rebootCommand
    setTimeout(() => {
      const done =
        kind === 'hard' && argv
          ? this.shutdown().then(() => (this.#deps.runRebootCommand ?? runDetached)(argv))
          : this.reboot()
      done.catch((error: unknown) => this.#logger.error('reboot failed', { error }))
    }, 0)
  }
}

function runDetached(argv: readonly string[]): void {
  const [command, ...args] = argv
  if (!command) return
  spawn(command, args, { stdio: 'ignore', detached: true }).unref()
}
