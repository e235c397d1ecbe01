import { beforeAll, describe, expect, it } from 'vitest'
import {
  type Group,
  groupOf,
  ok,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForCommandDone,
  waitForPunches,
  waitForUsers,
} from '../harness'

type FingerprintState = { slots: number; finger: string | null; prompt: string | null }

const fingerprintOf = async (t: TerminalHandle) =>
  (await t.state()).fingerprint as FingerprintState | null

/** Does what the terminal asks of the person at its sensor, until it stops asking. */
async function enrolAt(t: TerminalHandle, finger: string, done: () => Promise<boolean>) {
  let last: string | null = null
  await waitFor(
    `the enrolment on ${t.sn}`,
    async () => {
      if (await done()) return true
      const prompt = (await fingerprintOf(t))?.prompt ?? null
      if (prompt !== last && prompt !== null) await t.finger(prompt === 'lift' ? null : finger)
      last = prompt
      return undefined
    },
    60_000,
  )
}

describe('fingerprints: enrolled at one terminal, punched at the other', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let a: TerminalHandle
  let b: TerminalHandle
  let group: Group

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    const config = { fingerprint: { port: 'sim', enrolStepSeconds: 30 } }
    a = await scenario.terminal({ sn: 'E2EFPA', serverUrl: server.url, config })
    b = await scenario.terminal({ sn: 'E2EFPB', serverUrl: server.url, config })
    // Both must have reported their sensor's format before a template is fanned out.
    for (const t of [a, b]) {
      await waitFor(`${t.sn} to report its AS608 sensor`, async () => {
        const d = await ok(server.client.api.devices({ sn: t.sn }).get(), `device ${t.sn}`)
        const info = d.telemetry.info as { fpAlgorithm?: string } | undefined
        return info?.fpAlgorithm === 'AS608' || undefined
      })
    }
    group = await groupOf(server, 'Fingerprint office', [a, b])
  })

  it('ENROLL_FP through the API, the template on the server, in B’s sensor, a finger punch on B', async () => {
    await ok(
      server.client.api.people.post({ pin: '301', name: 'Ana', groupIds: [group.id] }),
      'create person 301',
    )
    await waitForUsers(a, 1)
    await waitForUsers(b, 1)

    const { id } = await ok(
      server.client.api.people({ pin: '301' }).fingerprints.enrol.post({ sn: a.sn, finger: 6 }),
      'queue the enrolment',
    )
    await enrolAt(a, 'ana-right-index', async () => ((await fingerprintOf(a))?.slots ?? 0) > 0)
    await a.finger(null)
    const command = await waitForCommandDone(server, id)
    expect(command).toMatchObject({ status: 'succeeded', returnCode: 0 })

    const creds = await waitFor('the template on the server', async () => {
      const c = await ok(
        server.client.api.people({ pin: '301' }).credentials.get(),
        'credentials of 301',
      )
      return c.templates.length > 0 ? c : undefined
    })
    expect(creds.templates).toMatchObject([{ no: 6, sourceSn: a.sn }])
    await waitFor('B’s sensor to hold the finger', async () => {
      return ((await fingerprintOf(b))?.slots ?? 0) === 1 || undefined
    })

    await b.finger('ana-right-index')
    const [punch] = await waitForPunches(server, b.sn, 1)
    expect(punch).toMatchObject({ pin: '301', verify: 1 })
    await b.finger(null)

    await ok(server.client.api.people({ pin: '301' }).delete(), 'delete person 301')
    await waitFor('both sensors to drop the finger', async () => {
      const [fa, fb] = await Promise.all([fingerprintOf(a), fingerprintOf(b)])
      return (fa?.slots === 0 && fb?.slots === 0) || undefined
    })
  })
})
