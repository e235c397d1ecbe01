import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { EXIT_CONFIG } from './config/exit-codes'
import { ConfigError, loadConfig } from './config/load-config'
import { createLogger } from './core/logger'
import { TERMINAL_VERSION } from './core/version'
import { createHardware } from './hardware/create-hardware'
import { createFileLog } from './runtime/file-log'
import { hardwareConfigFrom } from './runtime/hardware-config'
import { preflight } from './runtime/preflight'
import { createSystemdNotifier } from './runtime/systemd-notifier'
import { Terminal } from './runtime/terminal'
import { createTerminalSyncTask } from './runtime/terminal-sync'
import { type SimControl, startSimControl } from './sim-control/sim-control-server'

const HELP = `webroster-terminal ${TERMINAL_VERSION}: the Webroster attendance terminal (ZKTeco PUSH client)

Usage: webroster-terminal [--config <terminal.json>]
       webroster-terminal --help | --version

Settings come from the JSON file named by --config and from the environment, which wins:
  SERVER_URL        the ADMS server (default http://127.0.0.1:8081)
  HARDWARE          sim (default) or linux (GPIO LEDs and buzzer, PN532 reader on I2C)
  DATA_DIR          local store and log (default .data/terminal-<sn>)
  TERMINAL_SN       serial number (default WBIO + the MAC's last 6 hex digits)
  TERMINAL_DISPLAY  none, ssd1306 or hd44780 (an I2C display)
  LOG_LEVEL         debug, info, warn, error or silent
The README's configuration table lists every file key.

Exit status: 0 stopped by SIGTERM/SIGINT, ${EXIT_CONFIG} configuration or board unusable (not restarted
by the systemd unit), 1 any other failure.`

/** Entry point: config → boot → run until SIGTERM/SIGINT. Offline is a normal state. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP)
    return
  }
  if (argv.includes('--version')) {
    console.log(TERMINAL_VERSION)
    return
  }
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exitCode = EXIT_CONFIG
    return
  }
  const missing = preflight(config)
  if (missing.length > 0) {
    // One line for the journal: what is missing and how to get it, no stack trace.
    console.error(`terminal cannot start with HARDWARE=linux: ${missing.join('; ')}`)
    process.exitCode = EXIT_CONFIG
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
