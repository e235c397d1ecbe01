import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  expectExactlyOnce,
  type StaffedTerminal,
  scanBacklog,
  staffedTerminal,
  startTcpProxy,
  type TcpProxy,
  useScenario,
  waitFor,
} from '../harness'

const PEOPLE = 20
const SCANS = 60

// The server reaches Postgres through a relay that the test cuts and restores: to the server that is
// Postgres going down and coming back, without disturbing the Postgres other suites share.
describe.skipIf(!process.env.DATABASE_URL)(
  'Postgres going away under load (needs DATABASE_URL; the embedded PGlite cannot go away)',
  () => {
    const scenario = useScenario()
    let proxy: TcpProxy
    let site: StaffedTerminal

    beforeAll(async () => {
      const database = await scenario.database()
      const direct = new URL(database.env.DATABASE_URL ?? '')
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) })
      const viaProxy = new URL(direct)
      viaProxy.host = `127.0.0.1:${proxy.port}`
      site = await staffedTerminal(scenario, {
        sn: 'E2EDBDOWN1',
        people: PEOPLE,
        group: 'Warehouse',
        batchCap: 20,
        database: { ...database, env: { DATABASE_URL: viaProxy.toString() } },
      })
    })
    afterAll(async () => {
      await proxy?.close()
    })

    it('acknowledges nothing while the database is gone, then recovers by itself', async () => {
      const { server, terminal } = site
      const pid = server.process.child.pid
      await proxy.cut()
      const health = await waitFor(
        '/healthz to report the database down',
        async () => {
          const res = await fetch(`${server.url}/healthz`)
          return res.status === 503 ? ((await res.json()) as { database: string }) : undefined
        },
        30_000,
        250,
      )
      expect(health.database).toBe('down')

      await expectQuickRefusals(server.url, 'refused')

      await scanBacklog(terminal, site.cards, SCANS)
      // Several push attempts reach the server during the outage; none may be acknowledged.
      await waitFor(
        'the terminal to try a push and fail',
        async () => {
          const s = await terminal.state()
          return s.sync && typeof s.sync === 'object' && 'lastError' in s.sync && s.sync.lastError
        },
        30_000,
        250,
      )
      expect((await terminal.state()).unsentPunches).toBe(SCANS)

      await proxy.restore()
      await waitFor(
        '/healthz to report the database back',
        async () => (await fetch(`${server.url}/healthz`)).ok,
        30_000,
        250,
      )
      await expectExactlyOnce(server, terminal, SCANS)
      // Recovered in place: the same server process, never restarted.
      expect(server.process.child.pid).toBe(pid)
      expect(server.process.child.exitCode).toBeNull()
    })

    it('refuses data within 2 s while the database is silent, and stores it once it answers', async () => {
      const { server } = site
      proxy.stall()
      try {
        await expectQuickRefusals(server.url, 'silent')
        const started = performance.now()
        const health = await fetch(`${server.url}/healthz`)
        expect(health.status).toBe(503)
        expect(performance.now() - started).toBeLessThan(2000)
      } finally {
        proxy.resume()
      }
      await waitFor(
        'the server to store a punch again',
        async () => (await postProbe(server.url, 9)).status === 200,
        30_000,
        250,
      )
    })
  },
)

/** One single-punch ATTLOG from a probe terminal (not the staffed one, whose punches are counted). */
async function postProbe(url: string, pin: number): Promise<Response> {
  const res = await fetch(`${url}/iclock/cdata?SN=E2EDBPROBE&table=ATTLOG&Stamp=1`, {
    method: 'POST',
    body: `${pin}\t2024-05-06 07:00:0${pin}\t0\t1\t\t0\t0\n`,
  })
  await res.text()
  return res
}

/** A terminal gives up after ~10 s: the refusal must come well before, or it never hears it. */
async function expectQuickRefusals(url: string, outage: string): Promise<void> {
  const latencies: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const res = await postProbe(url, i + 1)
    latencies.push(performance.now() - started)
    expect(res.status).toBe(503)
  }
  console.log(
    `outage (${outage}) 503 latency ms: ${latencies.map((ms) => Math.round(ms)).join(', ')}`,
  )
  expect(Math.max(...latencies)).toBeLessThan(2000)
}
