import { Buffer } from 'node:buffer'
import { sleep, systemTimer, type Timer } from '../../core/timer'
import type { I2cBus } from './i2c-bus-port'
import {
  Pn532ApplicationError,
  Pn532ChecksumError,
  Pn532FrameError,
  Pn532NackError,
  Pn532TimeoutError,
} from './pn532-errors'
import { ACK_FRAME, decodeFrame, encodeFrame, hex, NACK_FRAME } from './pn532-frame'

/** The PN532's 7-bit I2C address. */
const PN532_I2C_ADDRESS = 0x24

/** Command codes from the PN532 user manual (UM0701-02 §7). */
export const Pn532Command = {
  GetFirmwareVersion: 0x02,
  SAMConfiguration: 0x14,
  RFConfiguration: 0x32,
  InListPassiveTarget: 0x4a,
} as const

export type FirmwareVersion = { ic: number; version: number; revision: number; support: number }

export type Pn532Options = {
  address?: number
  timer?: Timer
  /** How long to wait for the ACK, and for a response, before giving up (ms). */
  readyTimeoutMs?: number
  /** Gap between ready-status polls (ms). */
  pollIntervalMs?: number
}

/** Bytes read after the status byte for a response: room for a 10-byte UID plus a long ATS. */
const RESPONSE_READ = 64

/** The PN532 commands the credential sensor needs, over I2C. */
export interface Pn532 {
  /** Sends a command, waits for ACK and response; resolves with the response after its code. */
  command(code: number, params?: readonly number[]): Promise<Uint8Array>
  getFirmwareVersion(): Promise<FirmwareVersion>
  /** SAM in normal mode, 1 s virtual-card timeout, IRQ pin used. */
  samConfiguration(): Promise<void>
  /** Bounds how often InListPassiveTarget retries activation; 0xFF (the default) means forever. */
  setPassiveActivationRetries(retries: number): Promise<void>
  /** Looks for one ISO14443A target at 106 kbps; resolves with its UID, or null if none. */
  readPassiveTargetUid(): Promise<Uint8Array | null>
}

/**
 * Drives a PN532 on `bus` with the normal-frame protocol; every I2C read starts with the status
 * byte, whose bit 0 says a frame is ready.
 * @example const uid = await createPn532(bus).readPassiveTargetUid()
 */
export function createPn532(bus: I2cBus, options: Pn532Options = {}): Pn532 {
  const address = options.address ?? PN532_I2C_ADDRESS
  const timer = options.timer ?? systemTimer
  const readyTimeoutMs = options.readyTimeoutMs ?? 1000
  const pollIntervalMs = options.pollIntervalMs ?? 10

  const write = async (frame: Uint8Array) => {
    await bus.i2cWrite(address, frame.length, Buffer.from(frame))
  }
  const readRaw = async (length: number): Promise<Uint8Array> => {
    const { bytesRead, buffer } = await bus.i2cRead(address, length, Buffer.alloc(length))
    if (bytesRead < length) throw new Pn532FrameError(`short I2C read: ${bytesRead}/${length}`)
    return new Uint8Array(buffer.subarray(0, length))
  }
  const waitReady = async (what: string) => {
    const start = timer.now()
    for (;;) {
      const [status = 0] = await readRaw(1)
      if ((status & 0x01) === 0x01) return
      if (timer.now() - start >= readyTimeoutMs) {
        throw new Pn532TimeoutError(`PN532 not ready for ${what} after ${readyTimeoutMs} ms`)
      }
      await sleep(timer, pollIntervalMs)
    }
  }
  const readFrame = async (length: number) => {
    const bytes = await readRaw(length + 1)
    // The status byte was ready a moment ago; anything else means the chip reset in between.
    if (((bytes[0] ?? 0) & 0x01) !== 0x01) throw new Pn532FrameError('PN532 lost its ready state')
    return decodeFrame(bytes.subarray(1))
  }

  const sendAndAck = async (frame: Uint8Array, code: number) => {
    // One resend on NACK: the chip NACKs a command it received damaged.
    for (let attempt = 0; attempt < 2; attempt++) {
      await write(frame)
      await waitReady(`ACK of ${hex([code])}`)
      const ack = await readFrame(ACK_FRAME.length)
      if (ack.kind === 'ack') return
      if (ack.kind !== 'nack') throw new Pn532FrameError(`expected ACK, got ${ack.kind} frame`)
    }
    throw new Pn532NackError(`PN532 answered command ${hex([code])} with NACK twice`)
  }

  const readResponse = async (code: number): Promise<Uint8Array> => {
    try {
      await waitReady(`response to ${hex([code])}`)
    } catch (error) {
      // An ACK from the host aborts the command, so the chip is free for the next one.
      if (error instanceof Pn532TimeoutError) await write(ACK_FRAME)
      throw error
    }
    let frame: ReturnType<typeof decodeFrame>
    try {
      frame = await readFrame(RESPONSE_READ)
    } catch (error) {
      if (!(error instanceof Pn532ChecksumError)) throw error
      // A NACK makes the PN532 send the same response again; a second bad copy is a real fault.
      await write(NACK_FRAME)
      await waitReady(`resent response to ${hex([code])}`)
      frame = await readFrame(RESPONSE_READ)
    }
    if (frame.kind === 'error') {
      throw new Pn532ApplicationError(`PN532 reported a syntax error for ${hex([code])}`)
    }
    if (frame.kind !== 'info' || frame.data[0] !== code + 1) {
      const got = frame.kind === 'info' ? hex(frame.data.subarray(0, 1)) : frame.kind
      throw new Pn532FrameError(
        `expected response ${hex([code + 1])} to ${hex([code])}, got ${got}`,
      )
    }
    return frame.data.subarray(1)
  }

  // One exchange at a time: a boot-time probe overlapping the sensor loop would interleave frames.
  let queue: Promise<unknown> = Promise.resolve()
  const command = (code: number, params: readonly number[] = []): Promise<Uint8Array> => {
    const run = async () => {
      await sendAndAck(encodeFrame(Uint8Array.of(code, ...params)), code)
      return readResponse(code)
    }
    const result = queue.then(run, run)
    queue = result.catch(() => {})
    return result
  }

  return {
    command,
    async getFirmwareVersion() {
      const r = await command(Pn532Command.GetFirmwareVersion)
      if (r.length < 4) throw new Pn532FrameError(`firmware version too short: ${hex(r)}`)
      return { ic: r[0] ?? 0, version: r[1] ?? 0, revision: r[2] ?? 0, support: r[3] ?? 0 }
    },
    async samConfiguration() {
      await command(Pn532Command.SAMConfiguration, [0x01, 0x14, 0x01])
    },
    async setPassiveActivationRetries(retries) {
      // CfgItem 5: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation.
      await command(Pn532Command.RFConfiguration, [0x05, 0xff, 0x01, retries & 0xff])
    },
    async readPassiveTargetUid() {
      const r = await command(Pn532Command.InListPassiveTarget, [0x01, 0x00])
      return parseTargetUid(r)
    },
  }
}

/**
 * Extracts the UID from an InListPassiveTarget response (after its code): NbTg, Tg, SENS_RES(2),
 * SEL_RES, NFCIDLength, NFCID…, then an optional ATS we do not need.
 * @example parseTargetUid(Uint8Array.of(1, 1, 0, 4, 8, 4, 0x15, 0xcd, 0x5b, 0x07)) // 15 CD 5B 07
 */
export function parseTargetUid(response: Uint8Array): Uint8Array | null {
  if (response[0] === 0) return null
  const length = response[5]
  if (length === undefined || ![4, 7, 10].includes(length) || response.length < 6 + length) {
    throw new Pn532FrameError(`malformed InListPassiveTarget response: ${hex(response)}`)
  }
  return response.slice(6, 6 + length)
}
