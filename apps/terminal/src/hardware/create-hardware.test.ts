import { Buffer } from 'node:buffer'
import { afterEach, describe, expect, it } from 'vitest'
import { createHardware, type HardwareConfig, isSimHardware } from './create-hardware'
import type { Level } from './linux/gpio-digital-out'
import type { OnoffGpio } from './linux/onoff-line'
import { EmulatedAs608 } from './testing/emulated-as608'
import { EmulatedHd44780, EmulatedSsd1306, sharedBus } from './testing/emulated-displays'
import { EmulatedPn532 } from './testing/emulated-pn532'
import { createFakeSysfs } from './testing/fake-sysfs'

const config: HardwareConfig = {
  kind: 'linux',
  pins: { green: 17, red: 27, status: 22, buzzer: 23 },
  activeLow: { leds: true, buzzer: false },
  i2cBus: 1,
  pn532Address: 0x24,
  display: { kind: 'none', bus: 1, address: 0x27 },
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()))
})

function fakeOnoff(options: { failOn?: number } = {}) {
  const log: string[] = []
  class FakeGpio implements OnoffGpio {
    constructor(
      readonly gpio: number,
      direction: 'high' | 'low',
    ) {
      if (gpio === options.failOn) throw new Error(`EBUSY exporting ${gpio}`)
      log.push(`export ${gpio} ${direction}`)
    }
    async write(value: Level) {
      log.push(`write ${this.gpio} ${value}`)
    }
    unexport() {
      log.push(`unexport ${this.gpio}`)
    }
  }
  return { FakeGpio, log }
}

async function pi4Sysfs(): Promise<string> {
  const fake = await createFakeSysfs([{ base: 512, ngpio: 58, label: 'pinctrl-bcm2711' }])
  cleanups.push(fake.remove)
  return fake.root
}

describe('createHardware', () => {
  it('returns simulated hardware by default kind sim', async () => {
    const hw = await createHardware({ ...config, kind: 'sim' })
    expect(isSimHardware(hw)).toBe(true)
    hw.sensor.present({ kind: 'card', card: '01' })
    expect(await hw.sensor.poll()).toEqual({ kind: 'card', card: '01' })
    await hw.close()
  })

  it('wires onoff with base-offset numbers, off at start, polarity per output', async () => {
    const { FakeGpio, log } = fakeOnoff()
    const chip = new EmulatedPn532()
    const buses: number[] = []
    const hw = await createHardware(
      { ...config, sysfsRoot: await pi4Sysfs() },
      {
        loadGpio: async () => FakeGpio,
        openI2c: async (bus) => {
          buses.push(bus)
          return chip
        },
      },
    )
    expect(isSimHardware(hw)).toBe(false)
    expect(buses).toEqual([1])
    expect(log).toEqual(['export 529 high', 'export 539 high', 'export 534 high', 'export 535 low'])
    await hw.greenLed.write(true)
    await hw.buzzer.write(true)
    expect(log.slice(4)).toEqual(['write 529 0', 'write 535 1'])

    await hw.sensor.probe()
    chip.card = Buffer.from('15cd5b07', 'hex')
    expect(await hw.sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })

    log.length = 0
    await hw.close()
    expect(log).toContain('write 529 1')
    expect(log).toContain('write 535 0')
    expect(log.filter((l) => l.startsWith('unexport')).sort()).toEqual([
      'unexport 529',
      'unexport 534',
      'unexport 535',
      'unexport 539',
    ])
  })

  it("drives an LCD on the reader's bus and an OLED on a bus of its own", async () => {
    const { FakeGpio } = fakeOnoff()
    const lcd = new EmulatedHd44780(0x27)
    const hw = await createHardware(
      {
        ...config,
        sysfsRoot: await pi4Sysfs(),
        display: { kind: 'hd44780', bus: 1, address: 0x27 },
      },
      { loadGpio: async () => FakeGpio, openI2c: async () => sharedBus(new EmulatedPn532(), lcd) },
    )
    await hw.display?.show(['Welcome, Ana', 'IN 09:01'])
    expect(lcd.text()).toEqual(['Welcome, Ana', 'IN 09:01'])
    await hw.close()
    expect(lcd.backlight).toBe(false)

    const oled = new EmulatedSsd1306(0x3c)
    const buses: number[] = []
    const other = await createHardware(
      {
        ...config,
        sysfsRoot: await pi4Sysfs(),
        display: { kind: 'ssd1306', bus: 3, address: 0x3c },
      },
      {
        loadGpio: async () => FakeGpio,
        openI2c: async (bus) => {
          buses.push(bus)
          return bus === 3 ? oled : new EmulatedPn532()
        },
      },
    )
    expect(buses).toEqual([1, 3])
    expect(other.display).toMatchObject({ kind: 'ssd1306', columns: 21, rows: 8 })
    await other.display?.show(['09:01'])
    expect(oled.text()[0]).toBe('09:01')
    await other.close()
    expect(oled.displayOn).toBe(false)
  })

  it("gives the sim display the configured display's shape", async () => {
    const hw = await createHardware({
      ...config,
      kind: 'sim',
      display: { kind: 'ssd1306', bus: 1, address: 0x3c },
    })
    expect(hw.snapshot().display).toMatchObject({ kind: 'ssd1306', columns: 21, rows: 8 })
    await hw.close()
  })

  it('releases the pins it exported when a later one fails', async () => {
    const { FakeGpio, log } = fakeOnoff({ failOn: 534 })
    const opening = createHardware(
      { ...config, sysfsRoot: await pi4Sysfs() },
      { loadGpio: async () => FakeGpio, openI2c: async () => new EmulatedPn532() },
    )
    await expect(opening).rejects.toThrow(
      'cannot open BCM pin 22 as sysfs GPIO 534: EBUSY exporting 534',
    )
    expect(log).toEqual(['export 529 high', 'export 539 high', 'unexport 529', 'unexport 539'])
  })

  it('refuses a pin the header chip does not have before touching onoff', async () => {
    let loaded = false
    const opening = createHardware(
      { ...config, pins: { ...config.pins, buzzer: 99 }, sysfsRoot: await pi4Sysfs() },
      {
        loadGpio: async () => {
          loaded = true
          return fakeOnoff().FakeGpio
        },
        openI2c: async () => new EmulatedPn532(),
      },
    )
    await expect(opening).rejects.toThrow(/BCM pin 99/)
    expect(loaded).toBe(false)
  })

  it('releases every pin when the I2C bus cannot be opened', async () => {
    const { FakeGpio, log } = fakeOnoff()
    const opening = createHardware(
      { ...config, sysfsRoot: await pi4Sysfs() },
      {
        loadGpio: async () => FakeGpio,
        openI2c: async () => {
          throw Object.assign(new Error('EACCES /dev/i2c-1'), { code: 'EACCES' })
        },
      },
    )
    await expect(opening).rejects.toThrow(/EACCES/)
    expect(log.filter((l) => l.startsWith('unexport'))).toHaveLength(4)
  })

  it('reports a missing reader on probe while the GPIO side works', async () => {
    const { FakeGpio } = fakeOnoff()
    const chip = new EmulatedPn532()
    chip.unplug('ENOENT')
    const hw = await createHardware(
      { ...config, sysfsRoot: await pi4Sysfs() },
      { loadGpio: async () => FakeGpio, openI2c: async () => chip },
    )
    await expect(hw.sensor.probe()).rejects.toThrow(/PN532 card reader not found/)
    await hw.redLed.write(true)
    expect(hw.redLed.state).toBe(true)
    await hw.close()
  })

  it('adds the AS608 on its serial port: fingers poll as slots, the library is exposed', async () => {
    const { FakeGpio } = fakeOnoff()
    const chip = new EmulatedPn532()
    const sensor = new EmulatedAs608()
    sensor.library.set(4, EmulatedAs608.templateOf('ana'))
    const opened: string[] = []
    const hw = await createHardware(
      {
        ...config,
        sysfsRoot: await pi4Sysfs(),
        fingerprint: { port: '/dev/serial0', baudRate: 57_600, address: 0xffffffff, password: 0 },
      },
      {
        loadGpio: async () => FakeGpio,
        openI2c: async () => chip,
        openSerial: async ({ path, baudRate }) => {
          opened.push(`${path}@${baudRate}`)
          return sensor
        },
      },
    )
    expect(opened).toEqual([])
    await hw.sensor.probe()
    expect(opened).toEqual(['/dev/serial0@57600'])
    expect(hw.fingerprint).toMatchObject({ format: 'as608', online: true, capacity: 300 })
    expect(await hw.sensor.poll()).toBeNull()
    sensor.finger = { id: 'ana' }
    expect(await hw.sensor.poll()).toEqual({ kind: 'finger-slot', slot: 4 })
    chip.card = Buffer.from('15cd5b07', 'hex')
    expect(await hw.sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })
    await hw.close()
  })

  it('takes cards when the fingerprint sensor is missing, and says which part is', async () => {
    const { FakeGpio } = fakeOnoff()
    const chip = new EmulatedPn532()
    const failures: string[] = []
    const hw = await createHardware(
      {
        ...config,
        sysfsRoot: await pi4Sysfs(),
        fingerprint: { port: '/dev/ttyUSB0', baudRate: 57_600, address: 0xffffffff, password: 0 },
      },
      {
        loadGpio: async () => FakeGpio,
        openI2c: async () => chip,
        openSerial: async () => {
          throw Object.assign(new Error('ENOENT /dev/ttyUSB0'), { code: 'ENOENT' })
        },
        onProbeFailure: (name, error) => failures.push(`${name}: ${(error as Error).message}`),
      },
    )
    await hw.sensor.probe()
    expect(failures).toEqual([
      'fingerprint sensor: fingerprint sensor not found or not answering: ENOENT /dev/ttyUSB0',
    ])
    chip.card = Buffer.from('15cd5b07', 'hex')
    expect(await hw.sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })
    chip.unplug('ENOENT')
    await expect(hw.sensor.probe()).rejects.toThrow(/PN532 card reader not found.*; fingerprint/)
    await hw.close()
  })
})
