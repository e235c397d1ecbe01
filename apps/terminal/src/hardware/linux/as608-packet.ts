import { As608ChecksumError, As608PacketError } from './as608-errors'

/** Every packet starts with these two bytes (the datasheet's "Header"). */
export const AS608_HEADER = 0xef01
/** The address a sensor answers to until it is given another one. */
export const AS608_DEFAULT_ADDRESS = 0xffffffff

/** Packet identifiers (the datasheet's "PID"). */
export const As608Pid = {
  Command: 0x01,
  Data: 0x02,
  Ack: 0x07,
  EndData: 0x08,
} as const

/** Header (2) + address (4) + PID (1) + length (2): the bytes before the payload. */
const PREFIX = 9
/** Largest payload a packet may carry: a 256-byte data packet is the biggest the sensor sends. */
const MAX_PAYLOAD = 256

export type As608Packet = { address: number; pid: number; payload: Uint8Array }

/**
 * Encodes one packet: header, address, PID, length (payload + 2 checksum bytes), payload, and the
 * 16-bit sum of PID, length and payload bytes.
 * @example encodePacket(0xffffffff, 0x01, Uint8Array.of(0x01)) // EF 01 FF FF FF FF 01 00 03 01 00 05
 */
export function encodePacket(address: number, pid: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD) {
    throw new RangeError(
      `AS608 payload must be at most ${MAX_PAYLOAD} bytes, got ${payload.length}`,
    )
  }
  const length = payload.length + 2
  const out = new Uint8Array(PREFIX + length)
  const view = new DataView(out.buffer)
  view.setUint16(0, AS608_HEADER)
  view.setUint32(2, address >>> 0)
  out[6] = pid
  view.setUint16(7, length)
  out.set(payload, PREFIX)
  view.setUint16(PREFIX + payload.length, checksum(out.subarray(6, PREFIX + payload.length)))
  return out
}

/** The packet checksum: the low 16 bits of the byte sum from the PID to the payload's end. */
export function checksum(bytes: Uint8Array): number {
  let total = 0
  for (const b of bytes) total = (total + b) & 0xffff
  return total
}

const KNOWN_PIDS = new Set<number>(Object.values(As608Pid))

/**
 * Reassembles packets from a byte stream that may split or join them arbitrarily. Bytes before a
 * header are noise (a sensor powering up, a half-sent packet) and are dropped: the reader resyncs
 * on the next `EF 01` that starts a plausible packet. A damaged packet is reported and skipped past
 * its first byte, so a header hidden inside it is still found.
 */
export class As608PacketReader {
  #buffer = new Uint8Array(0)

  /** Adds received bytes; returns the whole packets (or damage reports) they complete. */
  push(chunk: Uint8Array): Array<As608Packet | As608PacketError> {
    const joined = new Uint8Array(this.#buffer.length + chunk.length)
    joined.set(this.#buffer)
    joined.set(chunk, this.#buffer.length)
    this.#buffer = joined
    const out: Array<As608Packet | As608PacketError> = []
    for (;;) {
      const start = this.#findHeader()
      if (start < 0) break
      this.#buffer = this.#buffer.subarray(start)
      if (this.#buffer.length < PREFIX) break
      const view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset)
      const pid = this.#buffer[6] ?? 0
      const length = view.getUint16(7)
      if (!KNOWN_PIDS.has(pid) || length < 2 || length > MAX_PAYLOAD + 2) {
        out.push(new As608PacketError(`AS608 packet with PID ${pid} and length ${length}`))
        this.#buffer = this.#buffer.subarray(1)
        continue
      }
      if (this.#buffer.length < PREFIX + length) break
      const end = PREFIX + length - 2
      const expected = checksum(this.#buffer.subarray(6, end))
      const got = view.getUint16(end)
      if (expected !== got) {
        out.push(
          new As608ChecksumError(`AS608 checksum ${hex16(got)}, expected ${hex16(expected)}`),
        )
        this.#buffer = this.#buffer.subarray(1)
        continue
      }
      out.push({
        address: view.getUint32(2),
        pid,
        payload: this.#buffer.slice(PREFIX, end),
      })
      this.#buffer = this.#buffer.subarray(PREFIX + length)
    }
    return out
  }

  /** Forgets a half-received packet (after a timeout the rest of it is not coming). */
  reset(): void {
    this.#buffer = new Uint8Array(0)
  }

  /** Index of the first header, or -1; keeps a trailing 0xEF that may start the next one. */
  #findHeader(): number {
    const b = this.#buffer
    for (let i = 0; i < b.length; i++) {
      if (b[i] !== 0xef) continue
      if (i + 1 >= b.length || b[i + 1] === 0x01) return i
    }
    this.#buffer = new Uint8Array(0)
    return -1
  }
}

const hex16 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase()

/** Space-separated upper-case hex, as the datasheet prints packets. */
export const hex = (bytes: Iterable<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')
