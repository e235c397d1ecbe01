import { Buffer } from 'node:buffer'
import { sleep, systemTimer, type Timer } from '../../core/timer'
import { fitLines } from '../display-text'
import type { Display } from '../ports'
import { i2cFailure } from './display-errors'
import type { I2cBus } from './i2c-bus-port'

/** PCF8574 backpacks answer at 0x27 (PCF8574A: 0x3F) with all address pads open. */
export const PCF8574_LCD_ADDRESS = 0x27

/**
 * How the common backpack wires the expander's pins to the LCD: P0 RS, P1 RW, P2 E, P3 the
 * backlight transistor, P4–P7 D4–D7 (the LCD runs in 4-bit mode).
 */
export const Pcf8574Bit = { rs: 0x01, rw: 0x02, enable: 0x04, backlight: 0x08 } as const

/** DDRAM address of each row's first character (HD44780U datasheet, Table 4; 20×4 included). */
const ROW_OFFSETS = [0x00, 0x40, 0x14, 0x54]

export type Hd44780Options = {
  address?: number
  bus?: number
  columns?: number
  rows?: number
  timer?: Timer
}

/**
 * An HD44780 character LCD (16×2 by default) behind a PCF8574 I2C expander. Every byte goes out
 * as two nibbles, each latched by a high-then-low pulse on E; the backlight bit rides on every
 * expander write. Rows whose text did not change are not rewritten.
 * @example const lcd = createHd44780(bus); await lcd.init(); await lcd.show(['Welcome, Ana', 'IN 09:01'])
 */
export function createHd44780(i2c: I2cBus, options: Hd44780Options = {}): Display {
  const address = options.address ?? PCF8574_LCD_ADDRESS
  const busNumber = options.bus ?? 1
  const columns = options.columns ?? 16
  const rows = options.rows ?? 2
  const timer = options.timer ?? systemTimer
  let backlight: number = Pcf8574Bit.backlight
  let shown: (string | undefined)[] = []
  let ready = false

  const expander = async (value: number) => {
    const buffer = Buffer.from([value])
    await i2c.i2cWrite(address, 1, buffer)
  }
  /** One nibble (in bits 7..4) with RS as given: E high, then E low to latch it. */
  const nibble = async (high4: number, rs: number) => {
    const value = (high4 & 0xf0) | rs | backlight
    await expander(value | Pcf8574Bit.enable)
    await expander(value)
  }
  const send = async (byte: number, rs: number) => {
    await nibble(byte & 0xf0, rs)
    await nibble((byte << 4) & 0xf0, rs)
  }
  const instruction = (byte: number) => send(byte, 0)

  const init = async () => {
    ready = false
    shown = []
    backlight = Pcf8574Bit.backlight
    try {
      // Initialising by instruction (datasheet Figure 24): whatever state the LCD is in (8-bit
      // after power-up, or half-way through a 4-bit byte after a restart), three "8-bit" function
      // sets bring it to 8-bit mode, then one nibble 0x2 switches it to 4-bit.
      await expander(backlight)
      await sleep(timer, 50)
      await nibble(0x30, 0)
      await sleep(timer, 5)
      await nibble(0x30, 0)
      await sleep(timer, 1)
      await nibble(0x30, 0)
      await nibble(0x20, 0)
      await instruction(rows > 1 ? 0x28 : 0x20) // function set: 4-bit, lines, 5×8 dots
      await instruction(0x08) // display off
      await instruction(0x01) // clear
      await sleep(timer, 2)
      await instruction(0x06) // entry mode: increment, no shift
      await instruction(0x0c) // display on, no cursor, no blink
      ready = true
    } catch (error) {
      throw i2cFailure('no HD44780 LCD (PCF8574 backpack) answers', address, busNumber, error)
    }
  }

  return {
    kind: 'hd44780',
    columns,
    rows,
    init,
    async show(lines) {
      if (!ready) await init()
      const texts = fitLines(lines, columns, rows)
      try {
        for (const [row, text] of texts.entries()) {
          if (shown[row] === text) continue
          shown[row] = undefined
          await instruction(0x80 | (ROW_OFFSETS[row] ?? 0))
          for (const ch of text) await send(ch.charCodeAt(0), Pcf8574Bit.rs)
          shown[row] = text
        }
      } catch (error) {
        ready = false
        throw i2cFailure('the HD44780 LCD stopped answering', address, busNumber, error)
      }
    },
    async close() {
      if (!ready) return
      ready = false
      backlight = 0
      // Clear takes 1.52 ms, during which the controller ignores what it is sent.
      await instruction(0x01)
        .then(() => sleep(timer, 2))
        .then(() => instruction(0x08))
        .catch(() => {})
    },
  }
}
