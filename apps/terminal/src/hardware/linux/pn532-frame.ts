import { Pn532ChecksumError, Pn532FrameError } from './pn532-errors'

/** Frame identifier of host → PN532 frames. */
const TFI_HOST = 0xd4
/** Frame identifier of PN532 → host frames. */
const TFI_PN532 = 0xd5
/** ACK frame, both directions: the PN532 acknowledges a command, or the host aborts one. */
export const ACK_FRAME: Readonly<Uint8Array> = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00)
/** NACK frame: the host asks the PN532 to send its last response again. */
export const NACK_FRAME: Readonly<Uint8Array> = Uint8Array.of(0x00, 0x00, 0xff, 0xff, 0x00, 0x00)
/** Largest normal-frame payload (LEN counts TFI too, and LEN is one byte). */
const MAX_DATA = 254

/** A decoded PN532 → host frame; `data` of an info frame follows the TFI (response code first). */
export type Pn532Frame =
  | { kind: 'ack' }
  | { kind: 'nack' }
  | { kind: 'error' }
  | { kind: 'info'; data: Uint8Array }

const sum = (bytes: Iterable<number>): number => {
  let total = 0
  for (const b of bytes) total = (total + b) & 0xff
  return total
}

/**
 * Builds a host → PN532 normal information frame around `data` (command code and parameters).
 * @example encodeFrame(Uint8Array.of(0x02)) // 00 00 FF 02 FE D4 02 2A 00
 */
export function encodeFrame(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length > MAX_DATA) {
    throw new RangeError(`PN532 frame data must be 1..${MAX_DATA} bytes, got ${data.length}`)
  }
  const len = data.length + 1
  const dcs = (0x100 - sum([TFI_HOST, ...data])) & 0xff
  return Uint8Array.of(0x00, 0x00, 0xff, len, (0x100 - len) & 0xff, TFI_HOST, ...data, dcs, 0x00)
}

/**
 * Decodes a PN532 → host frame from `bytes` (the I2C status byte already removed). Leading 0x00
 * bytes are preamble; bytes after the postamble are padding from a fixed-size read.
 * @example decodeFrame(ACK_FRAME) // { kind: 'ack' }
 */
export function decodeFrame(bytes: Uint8Array): Pn532Frame {
  let i = 0
  while (i < bytes.length && bytes[i] === 0x00) i++
  if (i === 0 || bytes[i] !== 0xff) {
    throw new Pn532FrameError(`no PN532 start code 00 FF in ${hex(bytes.subarray(0, 8))}`)
  }
  const len = bytes[i + 1]
  const lcs = bytes[i + 2]
  if (len === undefined || lcs === undefined) throw new Pn532FrameError('PN532 frame truncated')
  if (len === 0x00 && lcs === 0xff) return { kind: 'ack' }
  if (len === 0xff && lcs === 0x00) return { kind: 'nack' }
  if (len === 0xff && lcs === 0xff) {
    throw new Pn532FrameError('PN532 extended frames are not expected by this driver')
  }
  if (((len + lcs) & 0xff) !== 0) {
    throw new Pn532ChecksumError(
      `PN532 length checksum failed: LEN ${len} + LCS ${lcs} ≠ 0 mod 256`,
    )
  }
  const body = bytes.subarray(i + 3, i + 3 + len)
  const dcs = bytes[i + 3 + len]
  const postamble = bytes[i + 4 + len]
  if (body.length < len || dcs === undefined || postamble === undefined) {
    throw new Pn532FrameError(`PN532 frame truncated: LEN ${len}, got ${bytes.length - i - 3}`)
  }
  if (((sum(body) + dcs) & 0xff) !== 0) {
    throw new Pn532ChecksumError(`PN532 data checksum failed on ${hex(body)} DCS ${hex([dcs])}`)
  }
  if (postamble !== 0x00) throw new Pn532FrameError('PN532 frame postamble is not 00')
  // The syntax-error frame carries 0x7F where a TFI would be.
  if (len === 1 && body[0] === 0x7f) return { kind: 'error' }
  if (body[0] !== TFI_PN532) {
    throw new Pn532FrameError(`PN532 frame has TFI ${hex([body[0] ?? 0])}, expected D5`)
  }
  return { kind: 'info', data: body.slice(1) }
}

/** Formats bytes as spaced uppercase hex for error messages. */
export function hex(bytes: Iterable<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')
}
