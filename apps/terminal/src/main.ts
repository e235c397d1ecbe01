import { ConfigError, loadConfig } from './config/load-config'
import { createHardware } from './hardware/create-hardware'
import { hardwareConfigFrom } from './runtime/hardware-config'
import { createConsoleLogger } from './runtime/logger'
import { Terminal } from './runtime/terminal'
import { type SimControl, startSimControl } from './sim-control/sim-control-server'
import { createTerminalSyncTask } from './sync/terminal-sync'

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
  const logger = createConsoleLogger(config.logLevel)
  const terminal = new Terminal({
    config,
    logger,
    createHardware: (c) => createHardware(hardwareConfigFrom(c)),
    createSyncTask: (context) => createTerminalSyncTask(context),
  })
  await terminal.start()
  let control: SimControl | undefined
  if (config.simControlPort !== undefined) {
    control = await startSimControl(config.simControlPort, () => terminal.context)
    logger.info('sim control listening', { url: `http://127.0.0.1:${control.port}` })
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const done = async () => {
      await control?.close()
      await terminal.shutdown()
    }
    done().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error })
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
