import type { SerialLine } from '../linux/serial-line'

/** A finger on the glass: who it is, and whether it reads well. */
export type EmulatedFinger = { id: string; quality?: 'good' | 'poor' }

const toHex = (bytes: Iterable<number>) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')

/** Template size of the AS608 (a character file is half of it; the emulation keeps one size). */
export const EMULATED_TEMPLATE_SIZE = 512
const PACKET_SIZES = [32, 64, 128, 256]
/** Score the emulation gives a match (the datasheet only says higher is better). */
const MATCH_SCORE = 180

/**
 * An AS608 / R30x fingerprint sensor on a serial line, written from the datasheet rather than from
 * the driver: it reassembles host packets from arbitrary chunks, checks header, address and
 * checksum, answers every command packet with an acknowledgement (code 01 for a damaged one), and
 * streams UpChar / takes DownChar data in packets of its packet size. The library survives power
 * cycles (flash), the two character buffers do not. Faults are switched on by the test.
 */
export class EmulatedAs608 implements SerialLine {
  /** Hex of every packet the host sent, in order. */
  readonly hostPackets: string[] = []
  /** The library: slot → template bytes. */
  readonly library = new Map<number, Uint8Array>()
  /** Ring LED settings the host asked for (R503 only). */
  readonly ledLog: Array<{ mode: number; speed: number; colour: number; count: number }> = []
  finger: EmulatedFinger | null = null
  /** Damage the checksum of the next N acknowledgements. */
  corruptReplies = 0
  /** Send these bytes of line noise before the next acknowledgement. */
  noiseBeforeReply: number[] = []
  /** Deliver answers one byte at a time (a slow UART read). */
  byteByByte = false
  /** Read the next N host command packets as damaged on the wire (the sensor answers code 01). */
  garbleHostPackets = 0
  /** Answer nothing at all (a powered-off sensor on a UART that stays open). */
  silent = false
  private buffers: Array<Uint8Array | null> = [null, null, null]
  private image: EmulatedFinger | null = null
  private received: number[] = []
  private listener: (chunk: Uint8Array) => void = () => {}
  private unplugged: string | null = null
  private downloading: { buffer: number; parts: number[] } | null = null

  constructor(
    readonly options: {
      address?: number
      password?: number
      capacity?: number
      /** 0..3: 32, 64, 128 or 256-byte data packets. */
      packetSizeCode?: number
      /** An R503 with its ring LED; the AS608 and R307 answer AuraLedConfig with code 01. */
      ringLed?: boolean
    } = {},
  ) {}

  get address(): number {
    return this.options.address ?? 0xffffffff
  }

  get capacity(): number {
    return this.options.capacity ?? 300
  }

  get packetSize(): number {
    return PACKET_SIZES[this.options.packetSizeCode ?? 2] ?? 128
  }

  /** A template as the emulation makes them: it carries the finger id, so any copy matches it. */
  static templateOf(fingerId: string): Uint8Array {
    const out = new Uint8Array(EMULATED_TEMPLATE_SIZE)
    const id = new TextEncoder().encode(fingerId)
    out.set([0x03, 0x01, id.length])
    out.set(id, 3)
    let seed = 0
    for (const b of id) seed = (seed * 31 + b) & 0xffff
    for (let i = 3 + id.length; i < out.length; i++) {
      seed = (seed * 1103 + 12345) & 0xffff
      out[i] = seed & 0xff
    }
    return out
  }

  /** Makes every write fail and the sensor go quiet, as when a USB adapter is pulled. */
  unplug(code: 'EIO' | 'ENXIO' = 'EIO'): void {
    this.unplugged = code
  }

  /** Plugs a freshly powered sensor back in: buffers and half-received packets are gone. */
  replug(): void {
    this.unplugged = null
    this.buffers = [null, null, null]
    this.image = null
    this.received = []
    this.downloading = null
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.unplugged) {
      throw Object.assign(new Error(`${this.unplugged}, emulated serial failure`), {
        code: this.unplugged,
      })
    }
    this.received.push(...bytes)
    this.parse()
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.listener = listener
  }

  async close(): Promise<void> {}

  private parse() {
    for (;;) {
      const start = this.received.findIndex((b, i) => b === 0xef && this.received[i + 1] === 0x01)
      if (start < 0) {
        // Keep a last 0xEF: it may be the first half of a header.
        this.received = this.received.at(-1) === 0xef ? [0xef] : []
        return
      }
      this.received = this.received.slice(start)
      if (this.received.length < 9) return
      const r = this.received
      const length = ((r[7] ?? 0) << 8) | (r[8] ?? 0)
      if (r.length < 9 + length) return
      const packet = r.slice(0, 9 + length)
      this.received = r.slice(9 + length)
      this.hostPackets.push(toHex(packet))
      this.receive(packet)
    }
  }

  private receive(packet: number[]) {
    const address = (((packet[2] ?? 0) << 24) >>> 0) + ((packet[3] ?? 0) << 16)
    const fullAddress = address + ((packet[4] ?? 0) << 8) + (packet[5] ?? 0)
    // A sensor ignores packets for another address.
    if (fullAddress !== this.address) return
    const pid = packet[6] ?? 0
    const body = packet.slice(6, packet.length - 2)
    const sum = body.reduce((a, b) => (a + b) & 0xffff, 0)
    const stated = ((packet.at(-2) ?? 0) << 8) | (packet.at(-1) ?? 0)
    if (pid === 0x02 || pid === 0x08) {
      this.receiveData(pid, packet.slice(9, packet.length - 2), sum === stated)
      return
    }
    if (pid !== 0x01) return
    const garbled = this.garbleHostPackets > 0
    if (garbled) this.garbleHostPackets--
    if (sum !== stated || garbled) {
      this.acknowledge(0x01)
      return
    }
    this.command(packet.slice(9, packet.length - 2))
  }

  private receiveData(pid: number, payload: number[], intact: boolean) {
    const download = this.downloading
    if (!download) return
    if (!intact) {
      // The datasheet leaves a damaged data packet undefined; this sensor drops the transfer.
      this.downloading = null
      return
    }
    download.parts.push(...payload)
    if (pid === 0x08) {
      this.buffers[download.buffer] = Uint8Array.from(download.parts)
      this.downloading = null
    }
  }

  private command([instruction = 0, ...p]: number[]) {
    const u16 = (at: number) => ((p[at] ?? 0) << 8) | (p[at + 1] ?? 0)
    switch (instruction) {
      case 0x01: // GenImg
        if (!this.finger) return this.acknowledge(0x02)
        this.image = this.finger
        return this.acknowledge(0x00)
      case 0x02: {
        // Img2Tz
        const buffer = p[0] ?? 0
        if (buffer !== 1 && buffer !== 2) return this.acknowledge(0x01)
        if (!this.image) return this.acknowledge(0x15)
        if (this.image.quality === 'poor') return this.acknowledge(0x07)
        this.buffers[buffer] = EmulatedAs608.templateOf(this.image.id)
        return this.acknowledge(0x00)
      }
      case 0x03: {
        // Match
        const [a, b] = [this.buffers[1], this.buffers[2]]
        const same = a && b && fingerIdOf(a) !== null && fingerIdOf(a) === fingerIdOf(b)
        return same ? this.acknowledge(0x00, [0, MATCH_SCORE]) : this.acknowledge(0x08, [0, 0])
      }
      case 0x04: {
        // Search
        const char = this.buffers[p[0] ?? 0]
        const start = u16(1)
        const count = u16(3)
        const id = char ? fingerIdOf(char) : null
        for (const [slot, template] of [...this.library].sort(([x], [y]) => x - y)) {
          if (slot < start || slot >= start + count) continue
          if (id !== null && fingerIdOf(template) === id) {
            return this.acknowledge(0x00, [slot >> 8, slot & 0xff, 0, MATCH_SCORE])
          }
        }
        return this.acknowledge(0x09, [0, 0, 0, 0])
      }
      case 0x05: {
        // RegModel
        const [a, b] = [this.buffers[1], this.buffers[2]]
        if (!a || !b || fingerIdOf(a) === null || fingerIdOf(a) !== fingerIdOf(b)) {
          return this.acknowledge(0x0a)
        }
        this.buffers[2] = a
        return this.acknowledge(0x00)
      }
      case 0x06: {
        // Store
        const char = this.buffers[p[0] ?? 0]
        const slot = u16(1)
        if (slot >= this.capacity) return this.acknowledge(0x0b)
        if (!char) return this.acknowledge(0x01)
        this.library.set(slot, char)
        return this.acknowledge(0x00)
      }
      case 0x08: {
        // UpChar
        const char = this.buffers[p[0] ?? 0]
        if (!char) return this.acknowledge(0x0d)
        this.acknowledge(0x00)
        for (let at = 0; at < char.length; at += this.packetSize) {
          const last = at + this.packetSize >= char.length
          this.send(last ? 0x08 : 0x02, [...char.subarray(at, at + this.packetSize)])
        }
        return
      }
      case 0x09: {
        // DownChar
        const buffer = p[0] ?? 0
        if (buffer !== 1 && buffer !== 2) return this.acknowledge(0x0e)
        this.downloading = { buffer, parts: [] }
        return this.acknowledge(0x00)
      }
      case 0x0c: {
        // DeletChar
        const slot = u16(0)
        const count = u16(2)
        if (slot + count > this.capacity) return this.acknowledge(0x10)
        for (let s = slot; s < slot + count; s++) this.library.delete(s)
        return this.acknowledge(0x00)
      }
      case 0x0d: // Empty
        this.library.clear()
        return this.acknowledge(0x00)
      case 0x0f: {
        // ReadSysPara
        const a = this.address
        return this.acknowledge(0x00, [
          0x00,
          0x00,
          0x00,
          0x00,
          this.capacity >> 8,
          this.capacity & 0xff,
          0x00,
          0x03,
          (a >>> 24) & 0xff,
          (a >> 16) & 0xff,
          (a >> 8) & 0xff,
          a & 0xff,
          0x00,
          this.options.packetSizeCode ?? 2,
          0x00,
          0x06,
        ])
      }
      case 0x13: {
        // VfyPwd
        const given = ((u16(0) << 16) >>> 0) + u16(2)
        return this.acknowledge(given === (this.options.password ?? 0) ? 0x00 : 0x13)
      }
      case 0x1d: // TemplateNum
        return this.acknowledge(0x00, [this.library.size >> 8, this.library.size & 0xff])
      case 0x35: // AuraLedConfig
        if (!this.options.ringLed) return this.acknowledge(0x01)
        this.ledLog.push({ mode: p[0] ?? 0, speed: p[1] ?? 0, colour: p[2] ?? 0, count: p[3] ?? 0 })
        return this.acknowledge(0x00)
      case 0x40: // HandShake
        return this.acknowledge(0x00)
      default:
        return this.acknowledge(0x01)
    }
  }

  private acknowledge(code: number, data: number[] = []) {
    this.send(0x07, [code, ...data])
  }

  private send(pid: number, payload: number[]) {
    if (this.silent || this.unplugged) return
    const length = payload.length + 2
    const a = this.address
    const body = [pid, length >> 8, length & 0xff, ...payload]
    let sum = body.reduce((x, y) => (x + y) & 0xffff, 0)
    if (pid === 0x07 && this.corruptReplies > 0) {
      this.corruptReplies--
      sum = (sum + 1) & 0xffff
    }
    const noise = pid === 0x07 ? this.noiseBeforeReply.splice(0) : []
    const bytes = [
      ...noise,
      0xef,
      0x01,
      (a >>> 24) & 0xff,
      (a >> 16) & 0xff,
      (a >> 8) & 0xff,
      a & 0xff,
      ...body,
      sum >> 8,
      sum & 0xff,
    ]
    // Answers arrive after write() returns, as bytes from a UART do.
    const chunks = this.byteByByte ? bytes.map((b) => [b]) : [bytes]
    void Promise.resolve().then(() => {
      for (const chunk of chunks) this.listener(Uint8Array.from(chunk))
    })
  }
}

/** The finger id an emulated template or character file carries, or null for foreign bytes. */
function fingerIdOf(bytes: Uint8Array): string | null {
  if (bytes[0] !== 0x03 || bytes[1] !== 0x01) return null
  const length = bytes[2] ?? 0
  return new TextDecoder().decode(bytes.subarray(3, 3 + length))
}
