import { Buffer } from 'node:buffer'
import { fitLines } from '../display-text'
import type { Display } from '../ports'
import { i2cFailure } from './display-errors'
import { CELL_WIDTH, glyph } from './font-5x7'
import type { I2cBus } from './i2c-bus-port'

/** The usual address of 128×64 modules (0x3D when the address jumper is moved). */
export const SSD1306_ADDRESS = 0x3c

const WIDTH = 128
const PAGES = 8

/** Control bytes (datasheet §8.1.5.2): a stream of commands, or a stream of GDDRAM data. */
const COMMANDS = 0x00
const DATA = 0x40

/**
 * Power-up for a 128×64 module with its internal charge pump (datasheet §10 and the application
 * note's init flow): display off, clock, multiplex 64, no offset, start line 0, charge pump on,
 * page addressing, column 127 at SEG0 and COM scan reversed (the usual module orientation), COM
 * pins alternative, contrast, pre-charge, VCOMH, resume from RAM, normal (not inverted), on.
 */
// biome-ignore format: one command and its arguments per line
export const SSD1306_INIT: readonly number[] = [
  0xae,
  0xd5, 0x80,
  0xa8, 0x3f,
  0xd3, 0x00,
  0x40,
  0x8d, 0x14,
  0x20, 0x02,
  0xa1,
  0xc8,
  0xda, 0x12,
  0x81, 0xcf,
  0xd9, 0xf1,
  0xdb, 0x40,
  0x2e,
  0xa4,
  0xa6,
  0xaf,
]

export type Ssd1306Options = { address?: number; bus?: number }

/**
 * An SSD1306 128×64 OLED as a 21×8 character display (a 5×7 glyph in each 6×8 cell, one text row
 * per GDDRAM page). Only the pages whose text changed are written: a clock tick costs one page.
 * @example const oled = createSsd1306(bus); await oled.init(); await oled.show(['09:01'])
 */
export function createSsd1306(i2c: I2cBus, options: Ssd1306Options = {}): Display {
  const address = options.address ?? SSD1306_ADDRESS
  const busNumber = options.bus ?? 1
  const columns = Math.floor(WIDTH / CELL_WIDTH)
  /** What each page shows now; undefined means unknown (after init or a fault). */
  let shown: (string | undefined)[] = []
  let ready = false

  const write = async (bytes: readonly number[]) => {
    const buffer = Buffer.from(bytes)
    await i2c.i2cWrite(address, buffer.length, buffer)
  }
  const command = (...bytes: number[]) => write([COMMANDS, ...bytes])

  const init = async () => {
    ready = false
    shown = []
    try {
      await command(...SSD1306_INIT)
      ready = true
    } catch (error) {
      throw i2cFailure('no SSD1306 OLED answers', address, busNumber, error)
    }
  }

  const writePage = async (page: number, text: string) => {
    const pixels = new Array<number>(WIDTH).fill(0)
    for (let i = 0; i < text.length; i++) {
      glyph(text[i] ?? ' ').forEach((column, x) => {
        pixels[i * CELL_WIDTH + x] = column
      })
    }
    // Page addressing: page start, column 0 (low then high nibble), then the page's 128 bytes.
    await command(0xb0 | page, 0x00, 0x10)
    await write([DATA, ...pixels])
  }

  return {
    kind: 'ssd1306',
    columns,
    rows: PAGES,
    init,
    async show(lines) {
      if (!ready) await init()
      const texts = fitLines(lines, columns, PAGES)
      try {
        for (const [page, text] of texts.entries()) {
          if (shown[page] === text) continue
          shown[page] = undefined
          await writePage(page, text)
          shown[page] = text
        }
      } catch (error) {
        // A glitch or an unplugged module: start again from the init sequence next time.
        ready = false
        throw i2cFailure('the SSD1306 OLED stopped answering', address, busNumber, error)
      }
    },
    async close() {
      if (!ready) return
      ready = false
      await command(0xae).catch(() => {})
    },
  }
}
