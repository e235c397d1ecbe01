import { normaliseWallClock } from './time/wall-clock'

/** One attendance photo upload (`table=ATTPHOTO` or `/iclock/fdata`). */
export interface AttPhoto {
  /** `yyyymmddHHMMSS-<pin>.jpg` as sent in the `PIN=` header */
  fileName: string
  pin?: string
  /** `YYYY-MM-DD HH:MM:SS`, from the file name */
  time?: string
  sn?: string
  /** declared byte size */
  size?: number
  command: 'uploadphoto' | 'realupload'
  image: Uint8Array
}

const MARKERS = ['CMD=uploadphoto', 'CMD=realupload'] as const
const HEADER_LIMIT = 4096
/** Longest file name kept: it is the photo's dedupe key, and a btree row holds at most ~2.7 kB. */
const MAX_FILE_NAME = 200

function indexOfAscii(bytes: Uint8Array, text: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - text.length
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer
    return i
  }
  return -1
}

/**
 * Splits an ATTPHOTO body into its text header (up to `CMD=uploadphoto` plus one separator byte) and the image.
 * @example parseAttPhoto(formatAttPhoto({ fileName: '20240115073200-7.jpg', command: 'uploadphoto', image })).pin // '7'
 */
export function parseAttPhoto(bytes: Uint8Array): AttPhoto | { error: string } {
  let at = -1
  let marker: (typeof MARKERS)[number] = MARKERS[0]
  for (const m of MARKERS) {
    const i = indexOfAscii(bytes, m, HEADER_LIMIT)
    if (i >= 0 && (at < 0 || i < at)) {
      at = i
      marker = m
    }
  }
  if (at < 0) return { error: 'no CMD=uploadphoto/realupload header' }
  const header = new TextDecoder().decode(bytes.subarray(0, at))
  const fields = new Map<string, string>()
  for (const line of header.split(/\r?\n/)) {
    const eq = line.indexOf('=')
    if (eq > 0) fields.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim())
  }
  const fileName = fields.get('pin') ?? fields.get('filename')
  if (!fileName) return { error: 'no PIN= (file name) header' }
  if (fileName.length > MAX_FILE_NAME) {
    return { error: `file name longer than ${MAX_FILE_NAME} characters` }
  }
  const photo: AttPhoto = {
    fileName,
    command: marker === 'CMD=realupload' ? 'realupload' : 'uploadphoto',
    image: bytes.slice(at + marker.length + 1),
  }
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)-(.+)\.jpe?g$/i.exec(fileName)
  if (m) {
    const time = normaliseWallClock(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`)
    if (time) photo.time = time
    photo.pin = m[7]
  }
  const sn = fields.get('sn')
  if (sn) photo.sn = sn
  const size = fields.get('size')
  if (size && /^\d+$/.test(size)) photo.size = Number.parseInt(size, 10)
  return photo
}

/**
 * Builds an ATTPHOTO body: `PIN=<file>\nSN=<sn>\nsize=<n>\nCMD=uploadphoto\0<image>`.
 * @example formatAttPhoto({ fileName: 'a.jpg', command: 'uploadphoto', image: new Uint8Array([1]) }) // bytes of 'PIN=a.jpg\nsize=1\nCMD=uploadphoto\0\x01'
 */
export function formatAttPhoto(photo: AttPhoto): Uint8Array {
  const lines = [`PIN=${photo.fileName}`]
  if (photo.sn !== undefined) lines.push(`SN=${photo.sn}`)
  lines.push(`size=${photo.size ?? photo.image.length}`, `CMD=${photo.command}`)
  for (const l of lines)
    if (/[\r\n\0]/.test(l)) throw new RangeError(`header contains a separator: ${l}`)
  const head = new TextEncoder().encode(`${lines.join('\n')}\0`)
  const out = new Uint8Array(head.length + photo.image.length)
  out.set(head)
  out.set(photo.image, head.length)
  return out
}
