import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { EmulatedHd44780 } from '../testing/emulated-displays'
import { createHd44780 } from './hd44780'

const instant = { setTimeout: (fn: () => void) => fn(), clearTimeout: () => {}, now: () => 0 }

describe('HD44780 LCD driver (PCF8574 backpack)', () => {
  it('initialises 4-bit mode through the expander: 3×0x3, 0x2, then function set, clear, entry, on', async () => {
    const lcd = new EmulatedHd44780()
    const display = createHd44780(lcd, { timer: instant })
    await display.init()
    expect(lcd.instructions).toEqual([0x30, 0x30, 0x30, 0x20, 0x28, 0x08, 0x01, 0x06, 0x0c])
    expect(lcd).toMatchObject({ fourBit: true, twoLines: true, displayOn: true, backlight: true })
  })

  it('writes both rows at their DDRAM addresses, cut to 16 and folded to ASCII', async () => {
    const lcd = new EmulatedHd44780()
    const display = createHd44780(lcd, { timer: instant })
    await display.show(['Welcome, Zoë — IN', '09:01'])
    expect(lcd.text()).toEqual(['Welcome, Zoe - I', '09:01'])
    expect(lcd.instructions).toContain(0x80)
    expect(lcd.instructions).toContain(0xc0)
  })

  it('rewrites only a row that changed', async () => {
    const lcd = new EmulatedHd44780()
    const display = createHd44780(lcd, { timer: instant })
    await display.show(['2025-05-20 09:01', 'Ready'])
    const before = lcd.instructions.length
    await display.show(['2025-05-20 09:01', 'Offline'])
    expect(lcd.instructions.slice(before)).toEqual([0xc0])
    expect(lcd.text()).toEqual(['2025-05-20 09:01', 'Offline'])
  })

  it('recovers a controller left half-way through a 4-bit byte (a restart mid-write)', async () => {
    const lcd = new EmulatedHd44780()
    const first = createHd44780(lcd, { timer: instant })
    await first.show(['old'])
    // One stray nibble: the controller now waits for the second half of a byte.
    await lcd.i2cWrite(0x27, 2, Buffer.from([0x4c | 0x01, 0x48 | 0x01]))
    const second = createHd44780(lcd, { timer: instant })
    await second.show(['new text'])
    expect(lcd.text()).toEqual(['new text', ''])
  })

  it('reports a missing backpack in one line and retries init after a fault', async () => {
    const absent = createHd44780(new EmulatedHd44780(0x3f), { timer: instant, bus: 1 })
    await expect(absent.init()).rejects.toThrow(
      /^no HD44780 LCD \(PCF8574 backpack\) answers at 0x27 on I2C bus 1: no device acknowledges/,
    )
    const lcd = new EmulatedHd44780()
    const display = createHd44780(lcd, { timer: instant })
    await display.show(['a'])
    lcd.unplug('EIO')
    await expect(display.show(['b'])).rejects.toThrow(/stopped answering at 0x27/)
    lcd.replug()
    await display.show(['c'])
    expect(lcd.text()[0]).toBe('c')
    expect(lcd.fourBit).toBe(true)
  })

  it('clears and switches the backlight off on close', async () => {
    const lcd = new EmulatedHd44780()
    const display = createHd44780(lcd, { timer: instant })
    await display.show(['bye'])
    await display.close()
    expect(lcd).toMatchObject({ backlight: false, displayOn: false })
    expect(lcd.text()).toEqual(['', ''])
  })
})
