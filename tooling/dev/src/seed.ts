import { type DemoTerminal, demoGroup, demoOperator, demoPeople } from './demo-data'

/** A tiny client of the management API. */
export function apiClient(baseUrl: string, token: string) {
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
}

type Api = ReturnType<typeof apiClient>

async function waitForDevices(api: Api, sns: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const devices: Array<{ sn: string }> = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const page: { items: Array<{ sn: string }>; nextCursor: string | null } = await api(
        'GET',
        `/api/devices?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      )
      devices.push(...page.items)
      cursor = page.nextCursor
    }
    if (sns.every((sn) => devices.some((d) => d.sn === sn))) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`terminals ${sns.join(', ')} did not reach the server in time`)
}

/**
 * Seeds the demo: one group holding both terminals and the demo people (queued to both terminals),
 * then fingerprints enrolled on the first terminal (fanned out by the server to the second).
 * Idempotent: a second run finds what the first made.
 */
export async function seedDemo(api: Api, terminals: DemoTerminal[]): Promise<void> {
  await waitForDevices(
    api,
    terminals.map((t) => t.sn),
    60_000,
  )
  const groups = await api<Array<{ id: number; name: string }>>('GET', '/api/groups')
  const group =
    groups.find((g) => g.name === demoGroup) ??
    (await api<{ id: number; name: string }>('POST', '/api/groups', { name: demoGroup }))
  for (const t of terminals) {
    await api('PATCH', `/api/devices/${t.sn}`, { groupIds: [group.id] })
  }
  for (const p of demoPeople) {
    const existing = await fetchPerson(api, p.pin)
    const body = { name: p.name, card: p.card, groupIds: [group.id] }
    if (existing) await api('PATCH', `/api/people/${p.pin}`, body)
    else await api('POST', '/api/people', { pin: p.pin, ...body })
  }
  await ensureOperator(api)
  const first = terminals[0]
  if (!first) return
  for (const p of demoPeople.filter((d) => d.finger)) {
    await fetch(`http://127.0.0.1:${first.controlPort}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: p.pin, finger: 0 }),
    })
  }
}

async function fetchPerson(api: Api, pin: string): Promise<unknown> {
  try {
    return await api('GET', `/api/people/${pin}`)
  } catch {
    return undefined
  }
}

/** The demo administrator, unless an administrator exists already (setup answers 409 then). */
async function ensureOperator(api: Api): Promise<void> {
  try {
    await api('POST', '/api/setup', demoOperator)
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('HTTP 409'))) throw e
  }
}
