import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { TerminalConfig } from '../config/terminal-config'

/** Where the board's interfaces appear; tests point these at a scratch folder. */
export type BoardPaths = { sys: string; dev: string }

/**
 * What real hardware needs before anything is opened, checked in one go: the sysfs GPIO class
 * (the LEDs and buzzer) and the I2C device nodes (the card reader, the display). Returns one
 * sentence per missing piece, saying how to get it; empty when the board has everything.
 * @example preflight(config) // ['/dev/i2c-1 is missing: enable I2C (raspi-config → Interface Options → I2C) and reboot']
 */
export function preflight(
  config: Pick<TerminalConfig, 'hardware' | 'i2c' | 'display'>,
  paths: BoardPaths = { sys: '/sys', dev: '/dev' },
): string[] {
  if (config.hardware !== 'linux') return []
  const missing: string[] = []
  const gpio = join(paths.sys, 'class', 'gpio')
  if (!existsSync(gpio)) {
    missing.push(
      `${gpio} is missing: this kernel has no sysfs GPIO (HARDWARE=linux needs a Raspberry Pi-class board; use HARDWARE=sim elsewhere)`,
    )
  }
  const buses = new Set([config.i2c.bus])
  if (config.display.kind !== 'none') buses.add(config.display.bus)
  for (const bus of buses) {
    const node = join(paths.dev, `i2c-${bus}`)
    if (!existsSync(node)) {
      missing.push(
        `${node} is missing: enable I2C (raspi-config → Interface Options → I2C, or dtparam=i2c_arm=on) and reboot`,
      )
    }
  }
  return missing
}
