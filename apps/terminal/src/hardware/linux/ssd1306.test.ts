import { describe, expect, it } from 'vitest'
import { EmulatedSsd1306 } from '../testing/emulated-displays'
import { createSsd1306, SSD1306_INIT } from './ssd1306'

describe('SSD1306 OLED driver', () => {
  it('sends the init sequence as one command stream and turns the panel on', async () => {
    const oled = new EmulatedSsd1306()
    const display = createSsd1306(oled)
    await display.init()
    expect(oled.commands).toEqual([...SSD1306_INIT])
    expect(oled).toMatchObject({ displayOn: true, chargePump: true, multiplex: 64 })
    expect(oled.addressingMode).toBe(0b10)
    expect(display).toMatchObject({ columns: 21, rows: 8 })
  })

  it('draws text with the 5×7 font, one row per page, folded to ASCII', async () => {
    const oled = new EmulatedSsd1306()
    const display = createSsd1306(oled)
    await display.show(['Welcome, José —', 'IN 09:01', 'a line longer than twenty-one'])
    expect(oled.text().slice(0, 4)).toEqual([
      'Welcome, Jose -',
      'IN 09:01',
      'a line longer than tw',
      '',
    ])
    // "I" at cell 0 of page 1: its middle column (x = 2) is a full 7-pixel bar.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((y) => oled.pixel(2, 8 + y))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ])
  })

  it('rewrites only the pages whose text changed', async () => {
    const oled = new EmulatedSsd1306()
    const display = createSsd1306(oled)
    await display.show(['2025-05-20 09:01', 'Ready'])
    const before = oled.transfers
    await display.show(['2025-05-20 09:02', 'Ready'])
    // Page select + column, then the 128 data bytes: two transfers for one page.
    expect(oled.transfers - before).toBe(2)
    expect(oled.text()[0]).toBe('2025-05-20 09:02')
  })

  it('names a missing module in one line, and re-initialises once it answers again', async () => {
    const oled = new EmulatedSsd1306(0x3d)
    const display = createSsd1306(oled, { address: 0x3c, bus: 1 })
    await expect(display.init()).rejects.toThrow(
      /^no SSD1306 OLED answers at 0x3c on I2C bus 1: no device acknowledges/,
    )
    const present = new EmulatedSsd1306()
    const shown = createSsd1306(present)
    await shown.show(['one'])
    present.unplug()
    await expect(shown.show(['two'])).rejects.toThrow(/stopped answering at 0x3c/)
    present.replug()
    expect(present.displayOn).toBe(false)
    await shown.show(['three'])
    expect(present.displayOn).toBe(true)
    expect(present.text()[0]).toBe('three')
  })

  it('turns the panel off on close', async () => {
    const oled = new EmulatedSsd1306()
    const display = createSsd1306(oled)
    await display.show(['bye'])
    await display.close()
    expect(oled.displayOn).toBe(false)
  })
})
