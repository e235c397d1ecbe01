import { afterEach, describe, expect, it, vi } from 'vitest'
import { EmulatedAs608 } from '../testing/emulated-as608'
import { AuraColour, AuraMode, createAs608 } from './as608'
import { As608ChecksumError, As608CommandError, As608TimeoutError } from './as608-errors'

afterEach(() => {
  vi.useRealTimers()
})

/** Host packets as the datasheet spells them: header, address, PID, length, payload, checksum. */
const PACKETS = {
  genImg: 'EF 01 FF FF FF FF 01 00 03 01 00 05',
  vfyPwd: 'EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B',
  img2Tz1: 'EF 01 FF FF FF FF 01 00 04 02 01 00 08',
  img2Tz2: 'EF 01 FF FF FF FF 01 00 04 02 02 00 09',
  regModel: 'EF 01 FF FF FF FF 01 00 03 05 00 09',
  search300: 'EF 01 FF FF FF FF 01 00 08 04 01 00 00 01 2C 00 3B',
  store5: 'EF 01 FF FF FF FF 01 00 06 06 01 00 05 00 13',
  deletChar5: 'EF 01 FF FF FF FF 01 00 07 0C 00 05 00 01 00 1A',
  empty: 'EF 01 FF FF FF FF 01 00 03 0D 00 11',
  templateNum: 'EF 01 FF FF FF FF 01 00 03 1D 00 21',
  readSysPara: 'EF 01 FF FF FF FF 01 00 03 0F 00 13',
  upChar1: 'EF 01 FF FF FF FF 01 00 04 08 01 00 0E',
  downChar1: 'EF 01 FF FF FF FF 01 00 04 09 01 00 0F',
  auraPurple: 'EF 01 FF FF FF FF 01 00 07 35 01 80 03 00 00 C1',
}

async function enrolled(sensor: EmulatedAs608, id: string, slot: number) {
  const as608 = createAs608(sensor)
  sensor.finger = { id }
  await as608.captureImage()
  await as608.imageToCharacteristics(1)
  await as608.captureImage()
  await as608.imageToCharacteristics(2)
  expect(await as608.createModel()).toBe(true)
  await as608.storeModel(1, slot)
  sensor.finger = null
  return as608
}

describe('createAs608', () => {
  it('verifies the default password and reads the system parameters', async () => {
    const sensor = new EmulatedAs608({ capacity: 1000, packetSizeCode: 1 })
    const as608 = createAs608(sensor)
    expect(await as608.verifyPassword()).toBe(true)
    expect(await as608.readSystemParameters()).toMatchObject({
      capacity: 1000,
      packetSize: 64,
      address: 0xffffffff,
      baudRate: 57600,
    })
    expect(sensor.hostPackets).toEqual([PACKETS.vfyPwd, PACKETS.readSysPara])
  })

  it('reports a wrong password as false, and sends the configured one', async () => {
    const sensor = new EmulatedAs608({ password: 0x01020304 })
    expect(await createAs608(sensor).verifyPassword()).toBe(false)
    expect(await createAs608(sensor, { password: 0x01020304 }).verifyPassword()).toBe(true)
    expect(sensor.hostPackets.at(-1)).toBe('EF 01 FF FF FF FF 01 00 07 13 01 02 03 04 00 25')
  })

  it('talks to a sensor at another address', async () => {
    const sensor = new EmulatedAs608({ address: 0x12345678 })
    expect(await createAs608(sensor, { address: 0x12345678 }).templateCount()).toBe(0)
    expect(sensor.hostPackets[0]).toBe('EF 01 12 34 56 78 01 00 03 1D 00 21')
  })

  it('enrols with two captures: GenImg, Img2Tz 1 and 2, RegModel, Store, byte for byte', async () => {
    const sensor = new EmulatedAs608()
    await enrolled(sensor, 'alice-right-index', 5)
    expect(sensor.hostPackets).toEqual([
      PACKETS.genImg,
      PACKETS.img2Tz1,
      PACKETS.genImg,
      PACKETS.img2Tz2,
      PACKETS.regModel,
      PACKETS.store5,
    ])
    expect([...sensor.library.keys()]).toEqual([5])
  })

  it('says no finger, a poor image, and a failed combination without throwing', async () => {
    const sensor = new EmulatedAs608()
    const as608 = createAs608(sensor)
    expect(await as608.captureImage()).toBe('no-finger')
    sensor.finger = { id: 'bob', quality: 'poor' }
    expect(await as608.captureImage()).toBe('ok')
    expect(await as608.imageToCharacteristics(1)).toBe('poor-image')
    sensor.finger = { id: 'bob' }
    await as608.captureImage()
    await as608.imageToCharacteristics(1)
    sensor.finger = { id: 'carol' }
    await as608.captureImage()
    await as608.imageToCharacteristics(2)
    expect(await as608.match()).toBe(0)
    expect(await as608.createModel()).toBe(false)
  })

  it('searches the library 1:N and finds the slot, or null', async () => {
    const sensor = new EmulatedAs608()
    const as608 = await enrolled(sensor, 'alice', 7)
    sensor.finger = { id: 'alice' }
    await as608.captureImage()
    await as608.imageToCharacteristics(1)
    expect(await as608.search(1, 0, 300)).toEqual({ slot: 7, score: 180 })
    expect(sensor.hostPackets.at(-1)).toBe(PACKETS.search300)
    sensor.finger = { id: 'mallory' }
    await as608.captureImage()
    await as608.imageToCharacteristics(1)
    expect(await as608.search(1, 0, 300)).toBeNull()
  })

  it('uploads a template in data packets and downloads it into another sensor', async () => {
    const first = new EmulatedAs608()
    const a = await enrolled(first, 'alice', 0)
    const template = await a.uploadCharacteristics(1)
    expect(first.hostPackets.at(-1)).toBe(PACKETS.upChar1)
    expect(template).toEqual(EmulatedAs608.templateOf('alice'))

    const second = new EmulatedAs608({ packetSizeCode: 0 })
    const b = createAs608(second)
    await b.readSystemParameters()
    await b.downloadCharacteristics(1, template)
    await b.storeModel(1, 12)
    // 512 bytes in 32-byte packets: 15 data packets (PID 02) then the end packet (PID 08).
    const data = second.hostPackets.slice(2, -1)
    expect(second.hostPackets[1]).toBe(PACKETS.downChar1)
    expect(data).toHaveLength(16)
    expect(data.slice(0, 15).every((p) => p.startsWith('EF 01 FF FF FF FF 02 00 22'))).toBe(true)
    expect(data[15]?.startsWith('EF 01 FF FF FF FF 08 00 22')).toBe(true)
    expect(second.library.get(12)).toEqual(template)

    second.finger = { id: 'alice' }
    await b.captureImage()
    await b.imageToCharacteristics(1)
    expect(await b.search(1, 0, 300)).toMatchObject({ slot: 12 })
  })

  it('deletes one slot, counts, and empties the library', async () => {
    const sensor = new EmulatedAs608()
    await enrolled(sensor, 'alice', 5)
    const as608 = await enrolled(sensor, 'bob', 6)
    expect(await as608.templateCount()).toBe(2)
    await as608.deleteModels(5)
    expect(await as608.templateCount()).toBe(1)
    await as608.emptyLibrary()
    expect(await as608.templateCount()).toBe(0)
    expect(sensor.hostPackets.slice(-5)).toEqual([
      PACKETS.templateNum,
      PACKETS.deletChar5,
      PACKETS.templateNum,
      PACKETS.empty,
      PACKETS.templateNum,
    ])
  })

  it('refuses a slot beyond the library with the sensor code', async () => {
    const sensor = new EmulatedAs608({ capacity: 10 })
    sensor.finger = { id: 'alice' }
    const as608 = createAs608(sensor)
    await as608.captureImage()
    await as608.imageToCharacteristics(1)
    await expect(as608.storeModel(1, 10)).rejects.toMatchObject({
      name: 'As608CommandError',
      code: 0x0b,
    })
  })

  it('drives the R503 ring LED, and reports a sensor without one', async () => {
    const r503 = new EmulatedAs608({ ringLed: true })
    expect(await createAs608(r503).auraLed(AuraMode.Breathing, AuraColour.Purple)).toBe(true)
    expect(r503.hostPackets).toEqual([PACKETS.auraPurple])
    expect(r503.ledLog).toEqual([{ mode: 1, speed: 0x80, colour: 3, count: 0 }])
    expect(await createAs608(new EmulatedAs608()).auraLed(AuraMode.On, AuraColour.Blue)).toBe(false)
  })

  it('resends a command whose answer came back damaged', async () => {
    const sensor = new EmulatedAs608()
    sensor.corruptReplies = 1
    expect(await createAs608(sensor).templateCount()).toBe(0)
    expect(sensor.hostPackets).toEqual([PACKETS.templateNum, PACKETS.templateNum])
  })

  it('gives up with a checksum error when the answer is damaged twice', async () => {
    const sensor = new EmulatedAs608()
    sensor.corruptReplies = 2
    await expect(createAs608(sensor).templateCount()).rejects.toThrow(As608ChecksumError)
  })

  it('resends a packet the sensor could not read (code 01)', async () => {
    const sensor = new EmulatedAs608()
    sensor.garbleHostPackets = 1
    expect(await createAs608(sensor).templateCount()).toBe(0)
    expect(sensor.hostPackets).toEqual([PACKETS.templateNum, PACKETS.templateNum])
  })

  it('does not take a stray answer to an earlier packet for the next command', async () => {
    const sensor = new EmulatedAs608()
    const as608 = createAs608(sensor)
    sensor.finger = { id: 'alice' }
    // Someone else's GenImg (a previous run of the process) left its answer on the line.
    await sensor.write(Uint8Array.from(PACKETS.genImg.split(' '), (b) => Number.parseInt(b, 16)))
    sensor.finger = null
    expect(await as608.captureImage()).toBe('no-finger')
  })

  it('skips line noise before the header and reads answers that trickle in byte by byte', async () => {
    const sensor = new EmulatedAs608()
    sensor.noiseBeforeReply = [0x00, 0xef, 0xff, 0x55]
    sensor.byteByByte = true
    expect(await createAs608(sensor).verifyPassword()).toBe(true)
  })

  it('times out on a silent sensor, then works again once it answers', async () => {
    vi.useFakeTimers()
    const sensor = new EmulatedAs608()
    sensor.silent = true
    const as608 = createAs608(sensor, { timeoutMs: 500 })
    const pending = expect(as608.captureImage()).rejects.toThrow(As608TimeoutError)
    await vi.advanceTimersByTimeAsync(600)
    await pending
    sensor.silent = false
    vi.useRealTimers()
    expect(await as608.captureImage()).toBe('no-finger')
  })

  it('lets the I/O error of an unplugged adapter through with its code', async () => {
    const sensor = new EmulatedAs608()
    sensor.unplug('ENXIO')
    await expect(createAs608(sensor).templateCount()).rejects.toMatchObject({ code: 'ENXIO' })
  })

  it('serialises overlapping commands instead of interleaving their packets', async () => {
    const sensor = new EmulatedAs608()
    sensor.byteByByte = true
    const as608 = createAs608(sensor)
    const [count, image, params] = await Promise.all([
      as608.templateCount(),
      as608.captureImage(),
      as608.readSystemParameters(),
    ])
    expect([count, image, params.capacity]).toEqual([0, 'no-finger', 300])
  })

  it('throws a command error for codes it cannot go on from', async () => {
    const sensor = new EmulatedAs608()
    await expect(createAs608(sensor).uploadCharacteristics(1)).rejects.toThrow(As608CommandError)
  })
})
