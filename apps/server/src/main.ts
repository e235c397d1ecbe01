import { createApp } from './app'
import { loadConfig } from './config'
import { openDb } from './db'
import { ConfigError } from './errors'
import { type LegacyListener, startLegacyListener } from './http/legacy-listener'
import { serveApp } from './http/serve-app'
import { createLogger } from './logger'
import { createServices } from './services'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`configuration error: ${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  const log = createLogger(config.logLevel)
  const database = await openDb({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    pgliteDir: config.pgliteDir,
    poolSize: config.databasePoolSize,
  })
  const services = await createServices({ database, config, log })
  if (services.generatedAdminToken) {
    process.stdout.write(`\nAdmin token (shown once): ${services.generatedAdminToken}\n\n`)
  }
  await services.start()
  const app = createApp(services)
  const server = serveApp(app, {
    port: config.port,
    hostname: config.host,
    maxRequestBodySize: config.maxBodyBytes,
  })
  // Elysia hands routes `server` (for `requestIP`) from here, as its own listen() would.
  app.server = server
  const legacy: LegacyListener | undefined =
    config.legacyPort === undefined
      ? undefined
      : await startLegacyListener(app, {
          port: config.legacyPort,
          hostname: config.host,
          maxRequestBodySize: config.maxBodyBytes,
        })
  log.info('listening', {
    url: `http://${config.host}:${server.port}`,
    ...(legacy ? { legacyPort: legacy.port } : {}),
    database: database.driver,
    admission: config.admission,
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    await legacy?.stop()
    await server.stop()
    await services.stop()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

await main()
