import { systemTimer, type Timer } from '../../core/timer'
import {
  As608ChecksumError,
  As608CommandError,
  As608PacketError,
  As608TimeoutError,
} from './as608-errors'
import {
  AS608_DEFAULT_ADDRESS,
  type As608Packet,
  As608PacketReader,
  As608Pid,
  encodePacket,
  hex,
} from './as608-packet'
import type { SerialLine } from './serial-line'

/** Instruction codes from the AS608 / R30x datasheets. */
export const As608Instruction = {
  GenImg: 0x01,
  Img2Tz: 0x02,
  Match: 0x03,
  Search: 0x04,
  RegModel: 0x05,
  Store: 0x06,
  UpChar: 0x08,
  DownChar: 0x09,
  DeletChar: 0x0c,
  Empty: 0x0d,
  ReadSysPara: 0x0f,
  VfyPwd: 0x13,
  TemplateNum: 0x1d,
  AuraLedConfig: 0x35,
  HandShake: 0x40,
} as const

/** Confirmation codes (the first payload byte of an acknowledgement). */
export const As608Code = {
  Ok: 0x00,
  /** The sensor could not read the host's packet (its checksum, most often). */
  PacketError: 0x01,
  NoFinger: 0x02,
  ImageFailed: 0x03,
  TooMessy: 0x06,
  TooFewPoints: 0x07,
  NoMatch: 0x08,
  NotFound: 0x09,
  CombineFailed: 0x0a,
  BadSlot: 0x0b,
  UploadFailed: 0x0d,
  DownloadFailed: 0x0e,
  DeleteFailed: 0x10,
  EmptyFailed: 0x11,
  WrongPassword: 0x13,
  NoValidImage: 0x15,
  FlashError: 0x18,
} as const

/** What ReadSysPara reports. */
export type As608SystemParameters = {
  status: number
  systemId: number
  /** How many templates the library holds at most (slots 0..capacity-1). */
  capacity: number
  securityLevel: number
  address: number
  /** Bytes per data packet: 32, 64, 128 or 256. */
  packetSize: number
  baudRate: number
}

/** One acknowledgement: its confirmation code and the bytes after it. */
export type As608Reply = { code: number; data: Uint8Array }

/** Ring LED modes of the R503's AuraLedConfig. */
export const AuraMode = { Breathing: 1, Flashing: 2, On: 3, Off: 4, FadeIn: 5, FadeOut: 6 } as const
/** Ring LED colours of the R503. */
export const AuraColour = { Red: 1, Blue: 2, Purple: 3 } as const

export type As608Options = {
  address?: number
  /** The sensor's password (VfyPwd); 0 unless someone set one. */
  password?: number
  timer?: Timer
  /** How long to wait for each packet of an answer (ms). */
  timeoutMs?: number
}

/** The AS608 / R30x instructions the terminal needs, one exchange at a time. */
export interface As608 {
  /** Sends one instruction; resolves with its acknowledgement (whatever the code). */
  command(instruction: number, params?: readonly number[], timeoutMs?: number): Promise<As608Reply>
  /** VfyPwd: true when the sensor accepts the password. */
  verifyPassword(): Promise<boolean>
  /** HandShake (R503 and later): resolves when the sensor says it is ready. */
  handshake(): Promise<void>
  readSystemParameters(): Promise<As608SystemParameters>
  /** GenImg: takes an image of whatever is on the glass. */
  captureImage(): Promise<'ok' | 'no-finger' | 'failed'>
  /** Img2Tz: characteristics of the image into CharBuffer 1 or 2. */
  imageToCharacteristics(buffer: 1 | 2): Promise<'ok' | 'poor-image'>
  /** RegModel: combines both buffers into one template (left in both); false when they disagree. */
  createModel(): Promise<boolean>
  /** Match: compares the two buffers; the score, 0 when they do not match. */
  match(): Promise<number>
  /** Search: looks for buffer `buffer` in slots start..start+count-1; null when none matches. */
  search(
    buffer: 1 | 2,
    start: number,
    count: number,
  ): Promise<{ slot: number; score: number } | null>
  /** Store: writes the template in `buffer` to a library slot. */
  storeModel(buffer: 1 | 2, slot: number): Promise<void>
  /** DeletChar: deletes `count` templates from `slot` on. */
  deleteModels(slot: number, count?: number): Promise<void>
  /** Empty: deletes the whole library. */
  emptyLibrary(): Promise<void>
  /** TemplateNum: how many slots hold a template. */
  templateCount(): Promise<number>
  /** UpChar: the contents of a buffer, as the sensor sends them in data packets. */
  uploadCharacteristics(buffer: 1 | 2): Promise<Uint8Array>
  /** DownChar: fills a buffer with a template in data packets of the sensor's size. */
  downloadCharacteristics(buffer: 1 | 2, template: Uint8Array): Promise<void>
  /** AuraLedConfig (R503 ring LED): false when the sensor has none (it refuses or ignores it). */
  auraLed(mode: number, colour: number, speed?: number, count?: number): Promise<boolean>
}

const PACKET_SIZES = [32, 64, 128, 256]
/** The sensor's default data packet size (until ReadSysPara says otherwise). */
const DEFAULT_PACKET_SIZE = 128
/** Sensors without a ring LED may stay silent on AuraLedConfig: do not wait long for it. */
const AURA_TIMEOUT_MS = 300

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const readU16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)
const readU32 = (b: Uint8Array, at: number) => ((readU16(b, at) << 16) >>> 0) + readU16(b, at + 2)

/**
 * Drives an AS608 / R30x sensor over a serial line. Each exchange sends one command packet and
 * reads its acknowledgement; a damaged acknowledgement, or the sensor saying it could not read our
 * packet, is sent once more (every instruction used here may be repeated safely), and stray bytes
 * are skipped until the next header.
 * @example const n = await createAs608(line).templateCount()
 */
export function createAs608(line: SerialLine, options: As608Options = {}): As608 {
  const address = options.address ?? AS608_DEFAULT_ADDRESS
  const password = options.password ?? 0
  const timer = options.timer ?? systemTimer
  const timeoutMs = options.timeoutMs ?? 2000
  const reader = new As608PacketReader()
  let packetSize = DEFAULT_PACKET_SIZE
  let inbox: Array<As608Packet | As608PacketError> = []
  let wake: (() => void) | null = null
  line.onData((chunk) => {
    inbox.push(...reader.push(chunk))
    wake?.()
  })

  const next = (ms: number, what: string) =>
    new Promise<As608Packet>((resolve, reject) => {
      let handle: unknown
      const take = (): boolean => {
        const item = inbox.shift()
        if (item === undefined) return false
        timer.clearTimeout(handle)
        wake = null
        if (item instanceof As608PacketError) reject(item)
        else if (item.address !== address) {
          reject(new As608PacketError(`AS608 answer from address ${item.address.toString(16)}`))
        } else resolve(item)
        return true
      }
      if (take()) return
      handle = timer.setTimeout(() => {
        wake = null
        // The rest of a half-received packet is not coming; it must not prefix the next answer.
        reader.reset()
        reject(new As608TimeoutError(`AS608 did not answer ${what} within ${ms} ms`))
      }, ms)
      wake = () => {
        take()
      }
    })

  const send = (pid: number, payload: readonly number[] | Uint8Array) =>
    line.write(encodePacket(address, pid, Uint8Array.from(payload)))

  const exchangeOnce = async (instruction: number, params: readonly number[], ms: number) => {
    // A late answer to an earlier, timed-out command must not be taken for this one's.
    inbox = []
    await send(As608Pid.Command, [instruction, ...params])
    const packet = await next(ms, `instruction ${hex([instruction])}`)
    if (packet.pid !== As608Pid.Ack || packet.payload.length < 1) {
      throw new As608PacketError(`AS608 answered ${hex([instruction])} with PID ${packet.pid}`)
    }
    return { code: packet.payload[0] ?? 0, data: packet.payload.subarray(1) }
  }

  const exchange = async (instruction: number, params: readonly number[], ms = timeoutMs) => {
    let reply: As608Reply
    try {
      reply = await exchangeOnce(instruction, params, ms)
    } catch (error) {
      if (!(error instanceof As608ChecksumError)) throw error
      reply = await exchangeOnce(instruction, params, ms)
    }
    if (reply.code === As608Code.PacketError) reply = await exchangeOnce(instruction, params, ms)
    return reply
  }

  // One exchange at a time: the sensor loop and an enrolment must not interleave packets.
  let queue: Promise<unknown> = Promise.resolve()
  const serialised = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run, run)
    queue = result.catch(() => {})
    return result
  }
  const command = (instruction: number, params: readonly number[] = [], ms = timeoutMs) =>
    serialised(() => exchange(instruction, params, ms))

  const expectOk = async (instruction: number, params: readonly number[] = []) => {
    const reply = await command(instruction, params)
    if (reply.code !== As608Code.Ok) throw commandError(instruction, reply.code)
    return reply.data
  }

  return {
    command,
    async verifyPassword() {
      const reply = await command(As608Instruction.VfyPwd, [
        ...u16(password >>> 16),
        ...u16(password & 0xffff),
      ])
      if (reply.code === As608Code.WrongPassword) return false
      if (reply.code !== As608Code.Ok) throw commandError(As608Instruction.VfyPwd, reply.code)
      return true
    },
    async handshake() {
      await expectOk(As608Instruction.HandShake)
    },
    async readSystemParameters() {
      const d = await expectOk(As608Instruction.ReadSysPara)
      if (d.length < 16) throw new As608PacketError(`ReadSysPara answer too short: ${hex(d)}`)
      const params: As608SystemParameters = {
        status: readU16(d, 0),
        systemId: readU16(d, 2),
        capacity: readU16(d, 4),
        securityLevel: readU16(d, 6),
        address: readU32(d, 8),
        packetSize: PACKET_SIZES[readU16(d, 12)] ?? DEFAULT_PACKET_SIZE,
        baudRate: readU16(d, 14) * 9600,
      }
      packetSize = params.packetSize
      return params
    },
    async captureImage() {
      const { code } = await command(As608Instruction.GenImg)
      if (code === As608Code.Ok) return 'ok'
      if (code === As608Code.NoFinger) return 'no-finger'
      if (code === As608Code.ImageFailed) return 'failed'
      throw commandError(As608Instruction.GenImg, code)
    },
    async imageToCharacteristics(buffer) {
      const { code } = await command(As608Instruction.Img2Tz, [buffer])
      if (code === As608Code.Ok) return 'ok'
      const poor: number[] = [As608Code.TooMessy, As608Code.TooFewPoints, As608Code.NoValidImage]
      if (poor.includes(code)) return 'poor-image'
      throw commandError(As608Instruction.Img2Tz, code)
    },
    async createModel() {
      const { code } = await command(As608Instruction.RegModel)
      if (code === As608Code.Ok) return true
      if (code === As608Code.CombineFailed) return false
      throw commandError(As608Instruction.RegModel, code)
    },
    async match() {
      const { code, data } = await command(As608Instruction.Match)
      if (code === As608Code.Ok) return readU16(data, 0)
      if (code === As608Code.NoMatch) return 0
      throw commandError(As608Instruction.Match, code)
    },
    async search(buffer, start, count) {
      const { code, data } = await command(As608Instruction.Search, [
        buffer,
        ...u16(start),
        ...u16(count),
      ])
      if (code === As608Code.Ok) return { slot: readU16(data, 0), score: readU16(data, 2) }
      if (code === As608Code.NotFound) return null
      throw commandError(As608Instruction.Search, code)
    },
    async storeModel(buffer, slot) {
      await expectOk(As608Instruction.Store, [buffer, ...u16(slot)])
    },
    async deleteModels(slot, count = 1) {
      await expectOk(As608Instruction.DeletChar, [...u16(slot), ...u16(count)])
    },
    async emptyLibrary() {
      await expectOk(As608Instruction.Empty)
    },
    async templateCount() {
      return readU16(await expectOk(As608Instruction.TemplateNum), 0)
    },
    uploadCharacteristics(buffer) {
      return serialised(async () => {
        const reply = await exchange(As608Instruction.UpChar, [buffer])
        if (reply.code !== As608Code.Ok) throw commandError(As608Instruction.UpChar, reply.code)
        const parts: Uint8Array[] = []
        for (;;) {
          const packet = await next(timeoutMs, 'UpChar data')
          if (packet.pid !== As608Pid.Data && packet.pid !== As608Pid.EndData) {
            throw new As608PacketError(`AS608 sent PID ${packet.pid} inside UpChar data`)
          }
          parts.push(packet.payload)
          if (packet.pid === As608Pid.EndData) break
        }
        const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
        let at = 0
        for (const p of parts) {
          out.set(p, at)
          at += p.length
        }
        return out
      })
    },
    downloadCharacteristics(buffer, template) {
      if (template.length === 0) return Promise.reject(new RangeError('empty template'))
      return serialised(async () => {
        const reply = await exchange(As608Instruction.DownChar, [buffer])
        if (reply.code !== As608Code.Ok) throw commandError(As608Instruction.DownChar, reply.code)
        for (let at = 0; at < template.length; at += packetSize) {
          const last = at + packetSize >= template.length
          await send(
            last ? As608Pid.EndData : As608Pid.Data,
            template.subarray(at, at + packetSize),
          )
        }
      })
    },
    async auraLed(mode, colour, speed = 0x80, count = 0) {
      try {
        const reply = await command(
          As608Instruction.AuraLedConfig,
          [mode, speed, colour, count],
          AURA_TIMEOUT_MS,
        )
        return reply.code === As608Code.Ok
      } catch (error) {
        if (error instanceof As608TimeoutError) return false
        throw error
      }
    },
  }
}

const MEANING: Readonly<Record<number, string>> = {
  [As608Code.PacketError]: 'could not read the packet',
  [As608Code.ImageFailed]: 'failed to take the image',
  [As608Code.BadSlot]: 'slot beyond the library',
  [As608Code.UploadFailed]: 'upload failed',
  [As608Code.DownloadFailed]: 'could not take the data packets',
  [As608Code.DeleteFailed]: 'delete failed',
  [As608Code.EmptyFailed]: 'could not empty the library',
  [As608Code.WrongPassword]: 'wrong password',
  [As608Code.FlashError]: 'flash write error',
}

function commandError(instruction: number, code: number): As608CommandError {
  const meaning = MEANING[code] ?? 'unexpected confirmation code'
  return new As608CommandError(
    instruction,
    code,
    `AS608 answered ${hex([instruction])} with ${hex([code])} (${meaning})`,
  )
}
