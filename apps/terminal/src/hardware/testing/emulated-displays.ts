import type { Buffer } from 'node:buffer'
import { FONT_5X7 } from '../linux/font-5x7'
import type { I2cBus } from '../linux/i2c-bus-port'

function ioError(code: string): Error {
  return Object.assign(new Error(`${code}, emulated I2C failure`), { code })
}

/** What both emulations share: an address, an unplug switch, a count of transfers. */
abstract class EmulatedI2cDevice implements I2cBus {
  transfers = 0
  private missing: string | null = null

  constructor(readonly address: number) {}

  /** Every transfer fails as if the wire or the device node were gone (EREMOTEIO: a NACK). */
  unplug(code: 'EREMOTEIO' | 'ENOENT' | 'EIO' = 'EREMOTEIO'): void {
    this.missing = code
  }

  /** Powers the device back up: it has forgotten everything. */
  replug(): void {
    this.missing = null
    this.powerOn()
  }

  protected abstract powerOn(): void
  protected abstract receive(bytes: number[]): void

  async i2cWrite(address: number, length: number, buffer: Buffer) {
    this.transfers++
    if (this.missing) throw ioError(this.missing)
    // Nothing acknowledges a wrong address: the kernel reports the NACK as EREMOTEIO.
    if (address !== this.address) throw ioError('EREMOTEIO')
    this.receive([...buffer.subarray(0, length)])
    return { bytesWritten: length, buffer }
  }

  async i2cRead(address: number, length: number, _buffer: Buffer): Promise<never> {
    this.transfers++
    throw new Error(
      `the driver read ${length} bytes from 0x${address.toString(16)}: it never should`,
    )
  }

  async close() {}
}

/** Bytes each SSD1306 command takes after its code (datasheet §9, the commands the emulation knows). */
const SSD1306_ARGS: Readonly<Record<number, number>> = {
  129: 1,
  32: 1,
  33: 2,
  34: 2,
  168: 1,
  211: 1,
  213: 1,
  217: 1,
  218: 1,
  219: 1,
  141: 1,
}

/**
 * An SSD1306 128×64 written from the datasheet: control byte 0x00 (commands) or 0x40 (GDDRAM
 * data), multi-byte commands, page and horizontal addressing. It decodes its GDDRAM back to text
 * with the 5×7 font (unknown cells read `?`), and to pixels.
 */
export class EmulatedSsd1306 extends EmulatedI2cDevice {
  /** GDDRAM: 8 pages of 128 column bytes. */
  ram: number[][] = []
  displayOn = false
  chargePump = false
  multiplex = 0
  addressingMode = 0b10
  contrast = 0x7f
  /** Every command byte received, in order (arguments included). */
  readonly commands: number[] = []
  private page = 0
  private column = 0
  private pending: number[] = []
  private colRange: [number, number] = [0, 127]
  private pageRange: [number, number] = [0, 7]

  constructor(address = 0x3c) {
    super(address)
    this.powerOn()
  }

  protected powerOn(): void {
    this.ram = Array.from({ length: 8 }, () => new Array<number>(128).fill(0))
    this.displayOn = false
    this.chargePump = false
    this.multiplex = 0
    this.addressingMode = 0b10
    this.page = 0
    this.column = 0
    this.pending = []
  }

  protected receive([control, ...bytes]: number[]): void {
    if (control === 0x00) for (const b of bytes) this.command(b)
    else if (control === 0x40) for (const b of bytes) this.data(b)
    else throw new Error(`SSD1306: unsupported control byte ${control}`)
  }

  /** Pixel (x, y), x 0..127 left to right in RAM order, y 0..63. */
  pixel(x: number, y: number): boolean {
    return (((this.ram[y >> 3]?.[x] ?? 0) >> (y & 7)) & 1) === 1
  }

  /** The text on each page, 21 cells of 6 columns, decoded with the font; trailing spaces cut. */
  text(): string[] {
    return this.ram.map((page) => {
      let line = ''
      for (let cell = 0; cell < 21; cell++) {
        const bytes = page.slice(cell * 6, cell * 6 + 5)
        const index = FONT_5X7.findIndex((g) => g.every((b, i) => b === bytes[i]))
        line += index < 0 || page[cell * 6 + 5] !== 0 ? '?' : String.fromCharCode(0x20 + index)
      }
      return line.trimEnd()
    })
  }

  private command(byte: number): void {
    this.commands.push(byte)
    if (this.pending.length > 0) {
      this.pending.push(byte)
      const code = this.pending[0] ?? 0
      if (this.pending.length - 1 < (SSD1306_ARGS[code] ?? 0)) return
      this.apply(code, this.pending.slice(1))
      this.pending = []
      return
    }
    if (SSD1306_ARGS[byte] !== undefined) {
      this.pending = [byte]
      return
    }
    if (byte === 0xae) this.displayOn = false
    else if (byte === 0xaf) this.displayOn = true
    else if (byte >= 0xb0 && byte <= 0xb7) this.page = byte & 7
    else if (byte <= 0x0f) this.column = (this.column & 0xf0) | byte
    else if (byte >= 0x10 && byte <= 0x1f) this.column = (this.column & 0x0f) | ((byte & 0x0f) << 4)
  }

  private apply(code: number, args: number[]): void {
    const [a = 0, b = 0] = args
    if (code === 0x8d) this.chargePump = (a & 0x04) !== 0
    else if (code === 0x20) this.addressingMode = a & 0b11
    else if (code === 0xa8) this.multiplex = a + 1
    else if (code === 0x81) this.contrast = a
    else if (code === 0x21) {
      this.colRange = [a & 0x7f, b & 0x7f]
      this.column = this.colRange[0]
    } else if (code === 0x22) {
      this.pageRange = [a & 7, b & 7]
      this.page = this.pageRange[0]
    }
  }

  private data(byte: number): void {
    const row = this.ram[this.page]
    if (row) row[this.column] = byte
    if (this.addressingMode === 0b10) {
      // Page addressing: the column wraps within the page.
      this.column = (this.column + 1) & 0x7f
      return
    }
    if (this.column < this.colRange[1]) {
      this.column++
      return
    }
    this.column = this.colRange[0]
    this.page = this.page < this.pageRange[1] ? this.page + 1 : this.pageRange[0]
  }
}

/**
 * An HD44780 behind a PCF8574 backpack (P0 RS, P1 RW, P2 E, P3 backlight, P4–P7 D4–D7), written
 * from the datasheet: it powers up in 8-bit mode, latches on the falling edge of E, switches to
 * 4-bit mode on a function set with DL=0, then takes bytes as two nibbles. DDRAM decodes to rows.
 */
export class EmulatedHd44780 extends EmulatedI2cDevice {
  /** DDRAM, 80 bytes (0x00–0x27 line 1, 0x40–0x67 line 2, as a 2-line display). */
  ddram: number[] = []
  fourBit = false
  twoLines = false
  displayOn = false
  backlight = false
  /** Instructions executed (RS=0), as whole bytes. */
  readonly instructions: number[] = []
  private last = 0
  private half: number | null = null
  private addressCounter = 0

  constructor(
    address = 0x27,
    readonly columns = 16,
  ) {
    super(address)
    this.powerOn()
  }

  protected powerOn(): void {
    this.ddram = new Array<number>(0x68).fill(0x20)
    this.fourBit = false
    this.twoLines = false
    this.displayOn = false
    this.backlight = false
    this.last = 0
    this.half = null
    this.addressCounter = 0
  }

  /** What each row shows (the first `columns` characters of each line), trailing spaces cut. */
  text(): string[] {
    return [0x00, 0x40].map((base) =>
      String.fromCharCode(...this.ddram.slice(base, base + this.columns)).trimEnd(),
    )
  }

  protected receive(bytes: number[]): void {
    for (const value of bytes) {
      this.backlight = (value & 0x08) !== 0
      const falling = (this.last & 0x04) !== 0 && (value & 0x04) === 0
      if (falling) this.latch(this.last)
      this.last = value
    }
  }

  private latch(value: number): void {
    if ((value & 0x02) !== 0) return // a read cycle: nothing to store
    const rs = (value & 0x01) !== 0
    const high = value & 0xf0
    if (!this.fourBit) {
      // 8-bit mode: D0–D3 are not wired, so they read as 0.
      this.execute(rs, high)
      return
    }
    if (this.half === null) {
      this.half = high
      return
    }
    const byte = this.half | (high >> 4)
    this.half = null
    this.execute(rs, byte)
  }

  private execute(rs: boolean, byte: number): void {
    if (rs) {
      this.ddram[this.addressCounter] = byte
      this.addressCounter = (this.addressCounter + 1) % this.ddram.length
      return
    }
    this.instructions.push(byte)
    if (byte & 0x80) this.addressCounter = byte & 0x7f
    else if (byte & 0x40)
      return // CGRAM address: no custom characters here
    else if (byte & 0x20) {
      this.fourBit = (byte & 0x10) === 0
      this.twoLines = (byte & 0x08) !== 0
    } else if (byte & 0x10)
      return // cursor or display shift: unused
    else if (byte & 0x08) this.displayOn = (byte & 0x04) !== 0
    else if (byte === 0x01) {
      this.ddram.fill(0x20)
      this.addressCounter = 0
    }
  }
}

/**
 * Several emulated devices on one bus: each transfer goes to the device at its address, and an
 * address nobody answers NACKs (EREMOTEIO), as on a real bus.
 */
export function sharedBus(...devices: I2cBus[]): I2cBus {
  const at = (address: number) =>
    devices.find((d) => (d as { address?: number }).address === address)
  return {
    async i2cWrite(address, length, buffer) {
      const device = at(address)
      if (!device) throw ioError('EREMOTEIO')
      return device.i2cWrite(address, length, buffer)
    },
    async i2cRead(address, length, buffer) {
      const device = at(address)
      if (!device) throw ioError('EREMOTEIO')
      return device.i2cRead(address, length, buffer)
    },
    async close() {
      await Promise.all(devices.map((d) => d.close()))
    },
  }
}
