import { combineSensors, fingerprintCredentials, type SensorPart } from './combined-sensor'
import { createAs608 } from './linux/as608'
import { type As608Sensor, createAs608Sensor } from './linux/as608-sensor'
import { gpioNumberOn, listGpioChips, pickHeaderChip } from './linux/gpio-chip'
import { createGpioDigitalOut, type GpioLine, offLevel } from './linux/gpio-digital-out'
import { createHd44780 } from './linux/hd44780'
import { type I2cBus, openI2cBus } from './linux/i2c-bus-port'
import { loadOnoff, type OnoffGpioClass, openOnoffLine } from './linux/onoff-line'
import { createPn532 } from './linux/pn532'
import { createPn532Sensor } from './linux/pn532-sensor'
import { openSerialLine, type SerialLine, type SerialLineOptions } from './linux/serial-line'
import { createSsd1306 } from './linux/ssd1306'
import type { DigitalOut, Display, Hardware } from './ports'
import { createSimHardware, type SimHardware } from './sim/sim-hardware'

/** Hardware settings, validated by the terminal's config loader. Pins are BCM numbers. */
export type HardwareConfig = {
  kind: 'sim' | 'linux'
  pins: { green: number; red: number; status: number; buzzer: number }
  activeLow: { leds: boolean; buzzer: boolean }
  i2cBus: number
  pn532Address: number
  display: { kind: 'none' | 'ssd1306' | 'hd44780'; bus: number; address: number }
  /**
   * The AS608 / R30x fingerprint sensor on a serial port; undefined when there is none. With the
   * simulated hardware, any value adds the simulated sensor.
   */
  fingerprint?: { port: string; baudRate: number; address: number; password: number }
  /** Where to read GPIO chip bases (tests); onoff itself always uses /sys/class/gpio. */
  sysfsRoot?: string
}

/** Seams for the Linux drivers; the defaults import the native addons on first use. */
export type HardwareDeps = {
  loadGpio?: () => Promise<OnoffGpioClass>
  openI2c?: (bus: number) => Promise<I2cBus>
  openSerial?: (options: SerialLineOptions) => Promise<SerialLine>
  /** Told when the card reader goes away or comes back. */
  onSensorStatus?: (online: boolean, error?: unknown) => void
  /** Told when the fingerprint sensor goes away or comes back. */
  onFingerprintStatus?: (online: boolean, error?: unknown) => void
  /** Told which reader did not answer the boot probe while another did. */
  onProbeFailure?: (name: string, error: unknown) => void
}

/** Tells simulated hardware apart, e.g. to serve its snapshot on `/state`. */
export function isSimHardware(hardware: Hardware): hardware is SimHardware {
  return 'snapshot' in hardware
}

/**
 * Builds the terminal's hardware. The sensor is not probed here: boot calls `sensor.probe()` so it
 * can report a missing reader and keep running on its retry loop.
 * @example const hw = await createHardware({ ...config, kind: 'sim' })
 */
export function createHardware(config: HardwareConfig & { kind: 'sim' }): Promise<SimHardware>
export function createHardware(config: HardwareConfig, deps?: HardwareDeps): Promise<Hardware>
export async function createHardware(
  config: HardwareConfig,
  deps: HardwareDeps = {},
): Promise<Hardware> {
  if (config.kind === 'sim')
    return createSimHardware({
      display: SIM_GEOMETRY[config.display.kind],
      fingerprint: config.fingerprint !== undefined,
    })
  return createLinuxHardware(config, deps)
}

/** The sim display takes the shape of the configured one, so its text wraps the same way. */
const SIM_GEOMETRY = {
  none: { kind: 'sim', columns: 16, rows: 2 },
  hd44780: { kind: 'hd44780', columns: 16, rows: 2 },
  ssd1306: { kind: 'ssd1306', columns: 21, rows: 8 },
} as const

/** The display driver over a bus, or none. Init waits for boot, which logs a missing display. */
function createDisplay(config: HardwareConfig['display'], bus: I2cBus): Display | undefined {
  const options = { address: config.address, bus: config.bus }
  if (config.kind === 'ssd1306') return createSsd1306(bus, options)
  if (config.kind === 'hd44780') return createHd44780(bus, options)
  return undefined
}

async function createLinuxHardware(config: HardwareConfig, deps: HardwareDeps): Promise<Hardware> {
  const chip = pickHeaderChip(await listGpioChips(config.sysfsRoot))
  // Check every pin before exporting any, so a typo in one leaves nothing half-configured.
  const { green, red, status, buzzer } = config.pins
  const gpio = {
    green: gpioNumberOn(chip, green),
    red: gpioNumberOn(chip, red),
    status: gpioNumberOn(chip, status),
    buzzer: gpioNumberOn(chip, buzzer),
  }
  const Gpio = await (deps.loadGpio ?? loadOnoff)()
  const opened: GpioLine[] = []
  const output = (bcm: number, number: number, activeLow: boolean): DigitalOut => {
    let line: GpioLine
    try {
      line = openOnoffLine(Gpio, number, offLevel(activeLow))
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw new Error(`cannot open BCM pin ${bcm} as sysfs GPIO ${number}: ${why}`, {
        cause: error,
      })
    }
    opened.push(line)
    return createGpioDigitalOut(line, { activeLow })
  }
  let outputs: Pick<Hardware, 'greenLed' | 'redLed' | 'statusLed' | 'buzzer'>
  let bus: I2cBus
  let displayBus: I2cBus | undefined
  try {
    outputs = {
      greenLed: output(green, gpio.green, config.activeLow.leds),
      redLed: output(red, gpio.red, config.activeLow.leds),
      statusLed: output(status, gpio.status, config.activeLow.leds),
      buzzer: output(buzzer, gpio.buzzer, config.activeLow.buzzer),
    }
    bus = await (deps.openI2c ?? openI2cBus)(config.i2cBus)
    if (config.display.kind !== 'none' && config.display.bus !== config.i2cBus) {
      displayBus = await (deps.openI2c ?? openI2cBus)(config.display.bus)
    }
  } catch (error) {
    // Pins exported before the failure would stay exported and busy for the next start.
    await Promise.allSettled(opened.map((line) => line.release()))
    throw error
  }
  const display = createDisplay(config.display, displayBus ?? bus)
  const cards = createPn532Sensor(createPn532(bus, { address: config.pn532Address }), {
    onClose: () => bus.close(),
    ...(deps.onSensorStatus ? { onStatus: deps.onSensorStatus } : {}),
  })
  const fingerprint = config.fingerprint && createFingerprint(config.fingerprint, deps)
  const parts: SensorPart[] = [{ name: 'card reader', sensor: cards }]
  if (fingerprint) {
    parts.push({ name: 'fingerprint sensor', sensor: fingerprintCredentials(fingerprint) })
  }
  const sensor = combineSensors(
    parts,
    deps.onProbeFailure ? { onProbeFailure: deps.onProbeFailure } : {},
  )
  return {
    ...outputs,
    sensor,
    ...(display ? { display } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    async close() {
      // The display shares the reader's bus: blank it before the sensor closes that bus.
      const blanked = await Promise.allSettled([display?.close()])
      const rest = [...Object.values(outputs), sensor, ...(displayBus ? [displayBus] : [])]
      const results = [...blanked, ...(await Promise.allSettled(rest.map((p) => p.close())))]
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
      if (errors.length > 0) throw new AggregateError(errors, 'hardware did not close cleanly')
    },
  }
}

/** The fingerprint sensor; its serial port opens at the first probe (and again after a loss). */
function createFingerprint(
  config: NonNullable<HardwareConfig['fingerprint']>,
  deps: HardwareDeps,
): As608Sensor {
  const open = deps.openSerial ?? openSerialLine
  return createAs608Sensor({
    open: async () => {
      const line = await open({ path: config.port, baudRate: config.baudRate })
      return {
        as608: createAs608(line, { address: config.address, password: config.password }),
        close: () => line.close(),
      }
    },
    ...(deps.onFingerprintStatus ? { onStatus: deps.onFingerprintStatus } : {}),
  })
}
