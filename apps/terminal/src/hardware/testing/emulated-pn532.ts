import { Buffer } from 'node:buffer'
import type { I2cBus } from '../linux/i2c-bus-port'

const ACK = [0x00, 0x00, 0xff, 0x00, 0xff, 0x00]
const NACK = [0x00, 0x00, 0xff, 0xff, 0x00, 0x00]
const ERROR_FRAME = [0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00]
const toHex = (bytes: Iterable<number>) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')

function ioError(code: string): Error {
  return Object.assign(new Error(`${code}, emulated I2C failure`), { code })
}

/**
 * A PN532 on an I2C bus, written from the user manual rather than from the driver: it checks host
 * frames, queues ACK then the response, answers the status byte first on every read, resends its
 * last response on NACK and aborts on ACK. Faults are switched on by the test.
 */
export class EmulatedPn532 implements I2cBus {
  /** Hex of every frame the host wrote, in order. */
  readonly hostFrames: string[] = []
  card: Uint8Array | null = null
  /** Never raise the ready bit after a command (a wedged chip). */
  neverReady = false
  /** NACK the next N commands instead of acknowledging them. */
  nackCommands = 0
  /** Damage the data checksum of the next N response frames sent. */
  corruptResponses = 0
  /** Status reads that answer "busy" before each queued frame becomes ready. */
  busyPolls = 0
  samConfigured = false
  /** Every transfer the host attempted, failed ones included. */
  transfers = 0
  passiveRetries = 0xff
  private outbox: number[][] = []
  private busyLeft = 0
  private lastResponse: number[] | null = null
  private missing: string | null = null

  constructor(readonly address = 0x24) {}

  /** Makes every transfer fail as if the wire or the device node were gone. */
  unplug(code: 'EREMOTEIO' | 'ENOENT' | 'EIO' = 'EREMOTEIO'): void {
    this.missing = code
  }

  /** Plugs a freshly powered chip back in: configuration and pending frames are lost. */
  replug(): void {
    this.missing = null
    this.samConfigured = false
    this.outbox = []
    this.lastResponse = null
  }

  async i2cWrite(address: number, length: number, buffer: Buffer) {
    this.check(address)
    const frame = [...buffer.subarray(0, length)]
    this.hostFrames.push(toHex(frame))
    if (toHex(frame) === toHex(ACK)) {
      this.outbox = []
    } else if (toHex(frame) === toHex(NACK)) {
      if (this.lastResponse) this.queue(this.maybeCorrupt(this.lastResponse))
    } else {
      this.receive(frame)
    }
    return { bytesWritten: length, buffer }
  }

  async i2cRead(address: number, length: number, buffer: Buffer) {
    this.check(address)
    buffer.fill(0, 0, length)
    const next = this.outbox[0]
    if (next && this.busyLeft > 0) {
      this.busyLeft--
    } else if (next) {
      buffer[0] = 0x01
      if (length > 1) {
        Buffer.from(next.slice(0, length - 1)).copy(buffer, 1)
        this.outbox.shift()
        this.busyLeft = this.busyPolls
      }
    }
    return { bytesRead: length, buffer }
  }

  async close() {}

  private check(address: number) {
    this.transfers++
    if (this.missing) throw ioError(this.missing)
    // No device answers at another address: the adapter reports a missing ACK.
    if (address !== this.address) throw ioError('EREMOTEIO')
  }

  private receive(frame: number[]) {
    const [p0, p1, p2, len = 0, lcs = 0, tfi, ...rest] = frame
    const body = [tfi ?? 0, ...rest.slice(0, len - 1)]
    const dcs = rest[len - 1] ?? 0
    const sum = body.reduce((a, b) => a + b, 0) + dcs
    const valid =
      p0 === 0 && p1 === 0 && p2 === 0xff && ((len + lcs) & 0xff) === 0 && (sum & 0xff) === 0
    // The chip stays silent on a damaged host frame; the host then times out.
    if (!valid || tfi !== 0xd4) return
    // The chip runs one command at a time: a new one drops whatever the last one left unread.
    this.outbox = []
    if (this.nackCommands > 0) {
      this.nackCommands--
      this.queue(NACK)
      return
    }
    this.queue(ACK)
    // A wedged chip still acknowledges, then never finishes the command.
    if (this.neverReady) return
    const response = this.respond(body.slice(1))
    this.lastResponse = response
    this.queue(this.maybeCorrupt(response))
  }

  private respond([code, ...params]: number[]): number[] {
    switch (code) {
      case 0x02:
        return info([0x03, 0x32, 0x01, 0x06, 0x07])
      case 0x14:
        this.samConfigured = params[0] === 0x01
        return info([0x15])
      case 0x32:
        if (params[0] === 0x05) this.passiveRetries = params[3] ?? 0xff
        return info([0x33])
      case 0x4a: {
        if (!this.samConfigured) return ERROR_FRAME
        if (!this.card) return info([0x4b, 0x00])
        const sens = this.card.length === 4 ? [0x00, 0x04] : [0x00, 0x44]
        return info([0x4b, 0x01, 0x01, ...sens, 0x08, this.card.length, ...this.card])
      }
      default:
        return ERROR_FRAME
    }
  }

  private queue(frame: number[]) {
    if (this.outbox.length === 0) this.busyLeft = this.busyPolls
    this.outbox.push(frame)
  }

  private maybeCorrupt(frame: number[]): number[] {
    if (this.corruptResponses <= 0 || frame.length < 8) return frame
    this.corruptResponses--
    const copy = [...frame]
    copy[copy.length - 2] = ((copy[copy.length - 2] ?? 0) + 1) & 0xff
    return copy
  }
}

function info(data: number[]): number[] {
  const body = [0xd5, ...data]
  const dcs = (0x100 - (body.reduce((a, b) => a + b, 0) & 0xff)) & 0xff
  return [0x00, 0x00, 0xff, body.length, (0x100 - body.length) & 0xff, ...body, dcs, 0x00]
}
