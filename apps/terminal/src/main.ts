import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, loadConfig } from './config/load-config'
import { createLogger } from './core/logger'
import { TERMINAL_VERSION } from './core/version'
import { createHardware } from './hardware/create-hardware'
import { createFileLog } from './runtime/file-log'
import { hardwareConfigFrom } from './runtime/hardware-config'
import { createSystemdNotifier } from './runtime/systemd-notifier'
import { Terminal } from './runtime/terminal'
import { createTerminalSyncTask } from './runtime/terminal-sync'
import { type SimControl, startSimControl } from './sim-control/sim-control-server'

/** Entry point: config → boot → run until SIGTERM/SIGINT. Offline is a normal state. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exitCode = 2
    return
  }
  mkdirSync(config.dataDir, { recursive: true })
  const fileLog = createFileLog({
    path: join(config.dataDir, 'terminal.log'),
    onError: (error) => console.error('cannot write the log file:', error),
  })
  const logger = createLogger(config.logLevel, [(line) => console.error(line), fileLog.write])
  const terminal = new Terminal({
    config,
    logger,
    createHardware: (c) =>
      createHardware(hardwareConfigFrom(c), {
        onSensorStatus: (online, error) =>
          logger[online ? 'info' : 'warn']('card reader', { online, error }),
        onFingerprintStatus: (online, error) =>
          logger[online ? 'info' : 'warn']('fingerprint sensor', { online, error }),
        onProbeFailure: (name, error) => logger.error(`${name} did not answer at boot`, { error }),
      }),
    createSyncTask: (context) =>
      createTerminalSyncTask(context, { version: TERMINAL_VERSION, logSource: fileLog.source }),
  })
  const systemd = createSystemdNotifier({
    env: process.env,
    // A soft reboot has no context for a moment; a hung or crashed loop stops the pings.
    healthy: () => terminal.context?.supervisor.status().every((t) => t.running) ?? false,
    onError: (error) => logger.warn('systemd notify failed', { error }),
  })
  await terminal.start()
  let control: SimControl | undefined
  if (config.simControlPort !== undefined) {
    control = await startSimControl(config.simControlPort, () => terminal.context)
    logger.info('sim control listening', { url: `http://127.0.0.1:${control.port}` })
  }
  await systemd.ready()
  logger.info('terminal ready', { sn: config.sn, version: TERMINAL_VERSION })

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const done = async () => {
      await systemd.stopping()
      await control?.close()
      await terminal.shutdown()
    }
    done().then(
      () => {
        fileLog.close()
        process.exit(0)
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error })
        fileLog.close()
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  console.error('terminal failed to start:', error)
  process.exit(1)
})
