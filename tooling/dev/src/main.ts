import { fileURLToPath } from 'node:url'
import { consoleDevPort, demoOperator, demoPeople, demoTerminals } from './demo-data'
import { type Child, startChild, stopChildren, waitForHttp } from './processes'
import { apiClient, seedDemo } from './seed'

const root = fileURLToPath(new URL('../../..', import.meta.url))

async function main(): Promise<void> {
  const port = Number(process.env.PORT || 8081)
  const token = process.env.ADMIN_TOKEN || 'dev-admin-token-not-for-production'
  const serverUrl = `http://127.0.0.1:${port}`
  const children: Child[] = []
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    await stopChildren(children)
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))

  children.push(
    startChild(
      'server',
      [process.execPath, 'apps/server/src/main.ts'],
      {
        PORT: String(port),
        HOST: process.env.HOST || '127.0.0.1',
        ADMIN_TOKEN: token,
        DEVICE_ADMISSION: process.env.DEVICE_ADMISSION || 'open',
        PGLITE_DIR: process.env.PGLITE_DIR || '.data/pglite',
        POLL_DELAY_SECONDS: process.env.POLL_DELAY_SECONDS || '2',
      },
      root,
    ),
  )
  await waitForHttp(`${serverUrl}/healthz`, 90_000, children[0])
  for (const t of demoTerminals) {
    children.push(
      startChild(
        t.sn,
        [process.execPath, 'apps/terminal/src/main.ts'],
        {
          SERVER_URL: serverUrl,
          HARDWARE: 'sim',
          TERMINAL_SN: t.sn,
          SIM_CONTROL_PORT: String(t.controlPort),
          DATA_DIR: `.data/terminal-${t.sn}`,
        },
        root,
      ),
    )
  }
  for (const c of children) {
    void c.exited.then((code) => {
      if (!stopping) {
        process.stderr.write(`[dev] ${c.name} exited (${code}); stopping everything\n`)
        void stop(1)
      }
    })
  }
  await Promise.all(
    demoTerminals.map((t) => waitForHttp(`http://127.0.0.1:${t.controlPort}/state`, 60_000)),
  )
  await seedDemo(apiClient(serverUrl, token), demoTerminals)
  // The console with hot reload; its dev server proxies /api (and the live event stream) to the server.
  const consoleUrl = `http://127.0.0.1:${consoleDevPort}`
  const consoleDev = startChild(
    'console',
    [
      process.execPath,
      'x',
      'vite',
      '--host',
      '127.0.0.1',
      '--port',
      String(consoleDevPort),
      '--strictPort',
    ],
    { SERVER_URL: serverUrl },
    `${root}apps/console`,
  )
  children.push(consoleDev)
  void consoleDev.exited.then((code) => {
    if (!stopping) {
      process.stderr.write(`[dev] console exited (${code}); stopping everything\n`)
      void stop(1)
    }
  })
  await waitForHttp(consoleUrl, 60_000, consoleDev)
  const [a, b] = demoTerminals
  const card = demoPeople[0].card
  process.stdout.write(
    [
      '',
      'Webroster is running.',
      `  Console    ${consoleUrl}   (hot reload; sign in as ${demoOperator.username} / ${demoOperator.password})`,
      `             ${serverUrl}/ serves the built console (bun run build)`,
      `  API        ${serverUrl}/api   (docs: ${serverUrl}/api/docs)`,
      `  Token      ${token}`,
      `  Terminals  ${demoTerminals.map((t) => `${t.sn} → http://127.0.0.1:${t.controlPort}/state`).join('\n             ')}`,
      '',
      `Make a punch (card of ${demoPeople[0].name} on ${a?.sn}):`,
      `  curl -s -X POST http://127.0.0.1:${a?.controlPort}/scan -H 'content-type: application/json' -d '{"card":"${card}"}'`,
      'See it on the server:',
      `  curl -s -H 'authorization: Bearer ${token}' '${serverUrl}/api/attendance?limit=5'`,
      `A fingerprint enrolled on ${a?.sn} works on ${b?.sn} too:`,
      `  curl -s -X POST http://127.0.0.1:${b?.controlPort}/scan -H 'content-type: application/json' -d '{"finger":"${demoPeople[0].pin}"}'`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  )
}

await main()
