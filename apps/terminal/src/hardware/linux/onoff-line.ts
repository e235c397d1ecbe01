import type { GpioLine, Level } from './gpio-digital-out'

/** The part of onoff's Gpio class we use; lets tests hand in a fake instead of the addon. */
export interface OnoffGpio {
  write(value: Level): Promise<void>
  unexport(): void
}
/** Constructor shape of onoff's Gpio, restricted to output directions. */
export type OnoffGpioClass = new (gpio: number, direction: 'high' | 'low') => OnoffGpio

/**
 * Loads onoff's Gpio class. The import is dynamic because onoff is a nan addon that only loads
 * under Node on the device; sim and test runs must never touch it.
 */
export async function loadOnoff(): Promise<OnoffGpioClass> {
  const onoff = await import('onoff')
  return onoff.Gpio
}

/**
 * Opens sysfs GPIO `gpio` (already offset by the chip base) as an output, starting at `initial`.
 * @example const line = openOnoffLine(Gpio, 529, offLevel(true))
 */
export function openOnoffLine(Gpio: OnoffGpioClass, gpio: number, initial: Level): GpioLine {
  // 'high' / 'low' set direction and value in one sysfs write: no glitch at start-up.
  const pin = new Gpio(gpio, initial === 1 ? 'high' : 'low')
  return {
    write: (level) => pin.write(level),
    release: async () => pin.unexport(),
  }
}
