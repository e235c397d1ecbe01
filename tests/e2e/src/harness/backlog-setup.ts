import { expect } from 'vitest'
import { allPunches, duplicatePunches, waitForPunches } from './attendance'
import type { ScenarioDatabase } from './database'
import { createPeople, groupOf, type PersonSpec, waitForPolls, waitForUsers } from './provisioning'
import type { Scenario } from './scenario'
import type { ServerHandle } from './server'
import type { TerminalHandle } from './terminal'
import { waitFor } from './wait'

export interface StaffedTerminal {
  server: ServerHandle
  terminal: TerminalHandle
  people: PersonSpec[]
  cards: string[]
}

/**
 * A server and one terminal holding `people` people with cards, duplicate window 0 so every scan is a punch:
 * the set-up of the backlog and crash scenarios.
 */
export async function staffedTerminal(
  scenario: Scenario,
  options: {
    sn: string
    people: number
    group: string
    batchCap?: number
    /** The server's database environment (default: a fresh scenario database) */
    database?: ScenarioDatabase
  },
): Promise<StaffedTerminal> {
  const database = options.database ?? (await scenario.database())
  const server = await scenario.server({ database })
  const terminal = await scenario.terminal({
    sn: options.sn,
    serverUrl: server.url,
    config: {
      duplicateWindowSeconds: 0,
      ...(options.batchCap ? { batchCap: options.batchCap } : {}),
    },
  })
  const group = await groupOf(server, options.group, [terminal])
  const people = await createPeople(server, { count: options.people, groupId: group.id })
  await waitForUsers(terminal, options.people, 120_000)
  return { server, terminal, people, cards: people.map((p) => p.card) }
}

/**
 * Asserts that exactly `count` punches of the terminal reached the server, none twice, that the terminal marked
 * them all sent, and that a few more sync cycles add nothing.
 */
export async function expectExactlyOnce(
  server: ServerHandle,
  terminal: TerminalHandle,
  count: number,
): Promise<void> {
  const punches = await waitForPunches(server, terminal.sn, count, 120_000)
  expect(punches).toHaveLength(count)
  expect(duplicatePunches(punches)).toEqual([])
  await waitFor(`${terminal.sn} to mark every punch sent`, async () => {
    const s = await terminal.state()
    return s.unsentPunches === 0 && s.totalPunches === count
  })
  await waitForPolls(server, terminal.sn, 3)
  expect(await allPunches(server, { sn: terminal.sn })).toHaveLength(count)
}
