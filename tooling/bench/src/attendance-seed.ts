import type { Sql } from './bench-database'

/** The seeded office: people, devices, groups, and punches spread over `days` from `startEpoch`. */
export interface SeedShape {
  people: number
  punches: number
  devices: number
  groups: number
  /** UTC midnight of the first day */
  startEpoch: number
  days: number
}

/** One punch as the ATTLOG ingest stores it (device zone unset: local time is read as UTC). */
export interface SeedPunch {
  sn: string
  pin: string
  localTime: string
  status: number
  verify: number
}

const DAY_SECONDS = 86_400
/** Check-ins fall in 07:30–09:30, check-outs in 16:00–18:30 */
const IN_START = 7.5 * 3600
const IN_SPAN = 2 * 3600
const OUT_START = 16 * 3600
const OUT_SPAN = 2.5 * 3600

export const personPin = (i: number) => String(1 + i)
export const deviceSn = (i: number) => `ATT${String(i).padStart(5, '0')}`
/** Group ids are 1-based, as the serial column gives them */
export const deviceGroupId = (device: number, shape: SeedShape) => (device % shape.groups) + 1
export const homeDevice = (person: number, shape: SeedShape) => person % shape.devices

/** A well-mixed 32-bit hash of `n` (so jitter is reproducible without a random source). */
export function mix(n: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** `YYYY-MM-DD HH:MM:SS` of a UTC epoch second. */
export function localTimeOf(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

/** Punches per person (the last ones fewer when `punches` does not divide evenly). */
export function punchesPerPerson(shape: SeedShape): number {
  return Math.ceil(shape.punches / shape.people)
}

/** Throws when the shape cannot give every person one check-in and one check-out on distinct days. */
export function checkShape(shape: SeedShape): void {
  const pairs = Math.ceil(punchesPerPerson(shape) / 2)
  if (pairs > shape.days) {
    throw new Error(`${pairs} working days per person do not fit in ${shape.days} days`)
  }
  if (shape.devices < 2 || shape.groups < 1 || shape.people < 1) {
    throw new Error('a seed needs people, two devices and a group')
  }
}

/**
 * Punch `n`: person `n % people`, their `k`-th punch; pairs of check-in and check-out on days spread evenly over
 * the span (offset per person so not everyone works the same days), mostly at the person's home device and one in
 * ten at a neighbouring one. Distinct on (device, PIN, local time, state) by construction.
 */
export function seedPunch(n: number, shape: SeedShape): SeedPunch {
  const person = n % shape.people
  const k = Math.floor(n / shape.people)
  const pairs = Math.ceil(punchesPerPerson(shape) / 2)
  const pair = Math.floor(k / 2)
  const out = k % 2 === 1
  const step = Math.floor(shape.days / pairs)
  const day = Math.floor((pair * shape.days) / pairs) + (person % step)
  const h = mix(n)
  const second = out ? OUT_START + (h % OUT_SPAN) : IN_START + (h % IN_SPAN)
  const visiting = (h >>> 20) % 10 === 0
  const device = (homeDevice(person, shape) + (visiting ? 1 : 0)) % shape.devices
  const v = (h >>> 24) % 10
  return {
    sn: deviceSn(device),
    pin: personPin(person),
    localTime: localTimeOf(shape.startEpoch + day * DAY_SECONDS + second),
    status: out ? 1 : 0,
    // fingerprint mostly, then card, then face
    verify: v < 7 ? 1 : v < 9 ? 4 : 15,
  }
}

/** A COPY text line (tab-separated; the values here never need escaping). */
export function copyLine(cells: ReadonlyArray<string | number>): string {
  return `${cells.join('\t')}\n`
}

/** COPY line for `punches (sn, pin, local_time, punched_at, status, verify)`. */
export function punchCopyLine(p: SeedPunch): string {
  return copyLine([p.sn, p.pin, p.localTime, `${p.localTime}+00`, p.status, p.verify])
}

/** COPY line for `people (pin, name, card)`. */
export function personCopyLine(i: number): string {
  return copyLine([personPin(i), `Persona ${personPin(i)} Núñez`, String(4_000_000_000 + i)])
}

/** Streams `lines` into `target` with COPY. */
export async function copyIn(sql: Sql, target: string, lines: string): Promise<void> {
  const sink = await sql.unsafe(`copy ${target} from stdin`).writable()
  await new Promise<void>((resolve, reject) => {
    sink.on('error', reject)
    sink.on('finish', resolve)
    sink.end(lines)
  })
}

/**
 * The shape's punches with COPY into the partitioned `punches` (rows are routed to their months' partitions),
 * `chunkRows` per statement over `streams` connections of `sql`.
 */
export async function copyPunches(
  sql: Sql,
  shape: SeedShape,
  streams: number,
  chunkRows = 50_000,
): Promise<void> {
  checkShape(shape)
  let next = 0
  const stream = async () => {
    while (next < shape.punches) {
      const start = next
      const end = Math.min(shape.punches, start + chunkRows)
      next = end
      const lines: string[] = []
      for (let n = start; n < end; n++) lines.push(punchCopyLine(seedPunch(n, shape)))
      await copyIn(sql, 'punches (sn, pin, local_time, punched_at, status, verify)', lines.join(''))
    }
  }
  await Promise.all(Array.from({ length: streams }, stream))
}

/** The months (`YYYY-MM`) a shape's punches fall in. */
export function seedMonths(shape: SeedShape): string[] {
  const months = new Set<string>()
  for (let d = 0; d <= shape.days; d++) {
    months.add(localTimeOf(shape.startEpoch + d * DAY_SECONDS).slice(0, 7))
  }
  return [...months]
}

/** Seconds each seeding step took. */
export interface SeedTimings {
  directory: number
  punches: number
  analyze: number
}

/**
 * Seeds an empty, migrated database: groups, approved devices (each in one group), people (each in their home
 * device's group), then the punches with COPY, `chunkRows` per statement over every connection of `sql`, then
 * ANALYZE so the planner sees the tables as autovacuum would after a day.
 */
export async function seedAttendance(
  sql: Sql,
  shape: SeedShape,
  streams: number,
  chunkRows = 50_000,
): Promise<SeedTimings> {
  checkShape(shape)
  const t0 = performance.now()
  const ids = Array.from({ length: shape.groups }, (_, i) => i + 1)
  await sql`insert into groups (id, name) select g, 'zone ' || g from unnest(${ids}::int[]) as g`
  await sql`select setval('groups_id_seq', ${shape.groups})`
  const devices = Array.from({ length: shape.devices }, (_, i) => i)
  await copyIn(
    sql,
    'devices (sn, name, status)',
    devices.map((i) => copyLine([deviceSn(i), `Door ${i + 1}`, 'approved'])).join(''),
  )
  await copyIn(
    sql,
    'device_groups (sn, group_id)',
    devices.map((i) => copyLine([deviceSn(i), deviceGroupId(i, shape)])).join(''),
  )
  const people = Array.from({ length: shape.people }, (_, i) => i)
  await copyIn(sql, 'people (pin, name, card)', people.map(personCopyLine).join(''))
  await copyIn(
    sql,
    'person_groups (pin, group_id)',
    people
      .map((i) => copyLine([personPin(i), deviceGroupId(homeDevice(i, shape), shape)]))
      .join(''),
  )
  const t1 = performance.now()
  await copyPunches(sql, shape, streams, chunkRows)
  const t2 = performance.now()
  await sql`analyze`
  const t3 = performance.now()
  return { directory: (t1 - t0) / 1000, punches: (t2 - t1) / 1000, analyze: (t3 - t2) / 1000 }
}
