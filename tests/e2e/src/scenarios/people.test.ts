import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  type Group,
  groupOf,
  ok,
  type ServerHandle,
  type TerminalHandle,
  type TerminalState,
  useScenario,
  waitFor,
  waitForPolls,
  waitForPunches,
  waitForUsers,
} from '../harness'

/** Newest pattern time of one simulated output in /state (0 when it never played). */
function lastPattern(
  state: TerminalState,
  output: 'redLed' | 'buzzer',
): { at: number; name: string } {
  const hw = state.hardware as Record<string, { patterns: { at: number; name: string }[] }>
  return hw[output]?.patterns[0] ?? { at: 0, name: '' }
}

async function expectRejectedWithFeedback(
  terminal: TerminalHandle,
  credential: { card: string } | { finger: string },
) {
  const before = Date.now()
  const result = await terminal.scan(credential)
  expect(result.outcome, `${JSON.stringify(credential)} on ${terminal.sn}`).toBe('rejected')
  const state = await terminal.state()
  const red = lastPattern(state, 'redLed')
  const beep = lastPattern(state, 'buzzer')
  expect(red.at).toBeGreaterThanOrEqual(before)
  expect(beep.at).toBeGreaterThanOrEqual(before)
  expect(['rejected', 'error']).toContain(beep.name)
}

describe('people: API → terminals → punches', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let a: TerminalHandle
  let b: TerminalHandle
  let group: Group

  const person = (pin: string, card?: string) =>
    ok(
      server.client.api.people.post({
        pin,
        name: `Person ${pin}`,
        ...(card ? { card } : {}),
        groupIds: [group.id],
      }),
      `create person ${pin}`,
    )
  const credentials = (pin: string) =>
    ok(server.client.api.people({ pin }).credentials.get(), `credentials of ${pin}`)

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    a = await scenario.terminal({ sn: 'E2EPEOPLEA', serverUrl: server.url })
    b = await scenario.terminal({ sn: 'E2EPEOPLEB', serverUrl: server.url })
    group = await groupOf(server, 'Front office', [a, b])
  })

  it('a person created through the API reaches both terminals; a card scan is one punch', async () => {
    const usersA = (await a.state()).users
    const usersB = (await b.state()).users
    await person('101', '5550101')
    await waitForUsers(a, usersA + 1)
    await waitForUsers(b, usersB + 1)

    const scan = await a.scan({ card: '5550101' })
    expect(scan).toMatchObject({ outcome: 'accepted', pin: '101' })
    const [punch] = await waitForPunches(server, a.sn, 1)
    expect(punch).toMatchObject({ sn: a.sn, pin: '101', localTime: scan.time, verify: 4 })

    await waitFor('A to mark the punch sent', async () => (await a.state()).unsentPunches === 0)
    await waitForPolls(server, a.sn, 3)
    expect(await allPunches(server, { pin: '101' })).toHaveLength(1)
    expect(await a.state()).toMatchObject({ unsentPunches: 0, totalPunches: 1 })
  })

  it('a finger enrolled on A is stored by the server, fanned out to B and accepted there', async () => {
    await person('102')
    const templatesB = (await b.state()).templates
    await waitFor('both terminals to hold person 102', async () => {
      const [sa, sb] = await Promise.all([a.state(), b.state()])
      return sa.users >= 2 && sb.users >= 2
    })

    await a.enroll('102', 3)
    const creds = await waitFor('the server to store the template of 102', async () => {
      const c = await credentials('102')
      return c.templates.length > 0 ? c : undefined
    })
    expect(creds.templates).toHaveLength(1)
    expect(creds.templates[0]).toMatchObject({ no: 3, sourceSn: a.sn })
    expect(creds.templates[0]?.size).toBeGreaterThan(0)

    await waitFor('B to receive the template', async () => {
      return (await b.state()).templates >= templatesB + 1
    })
    const scan = await b.scan({ finger: '102' })
    expect(scan).toMatchObject({ outcome: 'accepted', pin: '102' })
    const punches = await waitForPunches(server, b.sn, 1)
    expect(punches.filter((p) => p.pin === '102')).toEqual([
      expect.objectContaining({ localTime: scan.time, verify: 1 }),
    ])
  })

  it('an enrolment queued through the API reaches the terminal, which answers with its outcome', async () => {
    // The simulated hardware has no fingerprint sensor of its own: ENROLL_FP answers "not supported".
    const { id } = await ok(
      server.client.api.people({ pin: '102' }).fingerprints.enrol.post({ sn: a.sn, finger: 4 }),
      'queue the enrolment',
    )
    const command = await waitFor('A to answer the enrolment', async () => {
      const c = await ok(server.client.api.commands({ id }).get(), `command ${id}`)
      return c.status === 'failed' || c.status === 'succeeded' ? c : undefined
    })
    expect(command).toMatchObject({
      status: 'failed',
      returnCode: -1002,
      text: 'ENROLL_FP PIN=102\tFID=4\tOVERWRITE=0',
    })
  })

  it('deleting a person removes them from both terminals; card and finger are then refused', async () => {
    await person('103', '5550103')
    await waitFor('both terminals to hold person 103', async () => {
      const [sa, sb] = await Promise.all([a.state(), b.state()])
      return sa.users >= 3 && sb.users >= 3
    })
    const templatesB = (await b.state()).templates
    await a.enroll('103', 1)
    await waitFor('B to receive the template of 103', async () => {
      return (await b.state()).templates >= templatesB + 1
    })
    // Known and accepted before the deletion, so the refusals below are the deletion's doing.
    expect(await b.scan({ card: '5550103' })).toMatchObject({ outcome: 'accepted' })
    await waitFor('the punch of 103 on the server', async () => {
      return (await allPunches(server, { pin: '103' })).length === 1
    })
    const before = await Promise.all([a.state(), b.state()])

    await ok(server.client.api.people({ pin: '103' }).delete(), 'delete person 103')
    await waitFor('both terminals to drop person 103 and their finger', async () => {
      const [sa, sb] = await Promise.all([a.state(), b.state()])
      return (
        sa.users === (before[0]?.users ?? 0) - 1 &&
        sb.users === (before[1]?.users ?? 0) - 1 &&
        sa.templates === (before[0]?.templates ?? 0) - 1 &&
        sb.templates === (before[1]?.templates ?? 0) - 1
      )
    })
    expect((await server.client.api.people({ pin: '103' }).get()).status).toBe(404)

    await expectRejectedWithFeedback(a, { card: '5550103' })
    await expectRejectedWithFeedback(b, { card: '5550103' })
    await expectRejectedWithFeedback(a, { finger: '103' })
    await expectRejectedWithFeedback(b, { finger: '103' })
    expect(await allPunches(server, { pin: '103' })).toHaveLength(1)
  })
})
