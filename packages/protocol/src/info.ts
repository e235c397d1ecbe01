/** Status values a terminal appends to getrequest as `INFO=` (4..13 comma-separated values). */
export interface DeviceInfo {
  firmware: string
  /** NaN when the device sent a non-number or nothing */
  userCount: number
  fingerprintCount: number
  attlogCount: number
  ip: string
  fpAlgorithm?: string
  faceAlgorithm?: string
  facesPerEnrol?: number
  faceCount?: number
  /** bit string: FP, face, user photo, comparison photo, visible-light face */
  features?: string
  cardCount?: number
  userPhotoCount?: number
  attPhotoCount?: number
}

const num = (v: string | undefined) => {
  const t = v?.trim() ?? ''
  return /^\d+$/.test(t) ? Number.parseInt(t, 10) : Number.NaN
}

const OPTIONAL: ReadonlyArray<readonly [keyof DeviceInfo, boolean]> = [
  ['fpAlgorithm', false],
  ['faceAlgorithm', false],
  ['facesPerEnrol', true],
  ['faceCount', true],
  ['features', false],
  ['cardCount', true],
  ['userPhotoCount', true],
  ['attPhotoCount', true],
]

/**
 * Parses the getrequest `INFO=` value (legacy firmware sends 4-6 values, newer up to 13).
 * @example parseInfo('Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201').userCount // 2
 */
export function parseInfo(info: string): DeviceInfo {
  const v = info.split(',')
  const out: DeviceInfo = {
    firmware: (v[0] ?? '').trim(),
    userCount: num(v[1]),
    fingerprintCount: num(v[2]),
    attlogCount: num(v[3]),
    ip: (v[4] ?? '').trim(),
  }
  const target = out as unknown as Record<string, string | number>
  OPTIONAL.forEach(([key, numeric], i) => {
    const raw = v[5 + i]
    if (raw === undefined || raw.trim() === '') return
    target[key] = numeric ? num(raw) : raw.trim()
  })
  return out
}

/**
 * Formats device status as an `INFO=` value (unencoded), up to the last field present.
 * @example formatInfo({ firmware: 'Ver 8.0.4', userCount: 143, fingerprintCount: 1, attlogCount: 109, ip: '172.16.12.182' })
 * // 'Ver 8.0.4,143,1,109,172.16.12.182'
 */
export function formatInfo(info: DeviceInfo): string {
  const s = (x: string | number | undefined) =>
    x === undefined || (typeof x === 'number' && Number.isNaN(x)) ? '' : String(x)
  const values = [
    info.firmware,
    s(info.userCount),
    s(info.fingerprintCount),
    s(info.attlogCount),
    info.ip,
    ...OPTIONAL.map(([key]) => s(info[key])),
  ]
  while (values.length > 5 && values[values.length - 1] === '') values.pop()
  return values.join(',')
}
