import { describe, expect, it } from 'vitest'
import { Pn532ChecksumError, Pn532FrameError } from './pn532-errors'
import { ACK_FRAME, decodeFrame, encodeFrame, hex, NACK_FRAME } from './pn532-frame'

const bytes = (s: string) => Uint8Array.from(s.split(' '), (b) => Number.parseInt(b, 16))

describe('encodeFrame', () => {
  it('builds GetFirmwareVersion exactly as in the user manual', () => {
    expect(hex(encodeFrame(bytes('02')))).toBe('00 00 FF 02 FE D4 02 2A 00')
  })

  it('builds SAMConfiguration normal mode', () => {
    expect(hex(encodeFrame(bytes('14 01 14 01')))).toBe('00 00 FF 05 FB D4 14 01 14 01 02 00')
  })

  it('builds InListPassiveTarget for one 106 kbps type A target', () => {
    expect(hex(encodeFrame(bytes('4A 01 00')))).toBe('00 00 FF 04 FC D4 4A 01 00 E1 00')
  })

  it('refuses empty and oversized payloads', () => {
    expect(() => encodeFrame(new Uint8Array(0))).toThrow(RangeError)
    expect(() => encodeFrame(new Uint8Array(255))).toThrow(RangeError)
  })
})

describe('decodeFrame', () => {
  it('recognises ACK and NACK', () => {
    expect(decodeFrame(ACK_FRAME)).toEqual({ kind: 'ack' })
    expect(decodeFrame(NACK_FRAME)).toEqual({ kind: 'nack' })
  })

  it('decodes the firmware version response and ignores trailing padding', () => {
    const frame = decodeFrame(bytes('00 00 FF 06 FA D5 03 32 01 06 07 E8 00 00 00 00'))
    expect(frame).toEqual({ kind: 'info', data: bytes('03 32 01 06 07') })
  })

  it('accepts a longer preamble', () => {
    expect(decodeFrame(bytes('00 00 00 00 FF 00 FF 00'))).toEqual({ kind: 'ack' })
  })

  it('recognises the syntax error frame', () => {
    expect(decodeFrame(bytes('00 00 FF 01 FF 7F 81 00'))).toEqual({ kind: 'error' })
  })

  it('round-trips every payload length through a response frame', () => {
    for (let n = 1; n <= 254; n += 17) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      const frame = encodeFrame(data)
      frame[5] = 0xd5
      frame[frame.length - 2] = ((frame.at(-2) ?? 0) - 1) & 0xff // TFI grew by one
      expect(decodeFrame(frame)).toEqual({ kind: 'info', data })
    }
  })

  it('rejects a bad data checksum with a clear error', () => {
    expect(() => decodeFrame(bytes('00 00 FF 06 FA D5 03 32 01 06 07 E9 00'))).toThrow(
      Pn532ChecksumError,
    )
    expect(() => decodeFrame(bytes('00 00 FF 06 FA D5 03 32 01 06 07 E9 00'))).toThrow(
      /data checksum/,
    )
  })

  it('rejects a bad length checksum', () => {
    expect(() => decodeFrame(bytes('00 00 FF 06 FB D5 03 32 01 06 07 E8 00'))).toThrow(
      /length checksum/,
    )
  })

  it('rejects frames without a start code, truncated, or from the host', () => {
    expect(() => decodeFrame(bytes('FF 00 FF 00'))).toThrow(Pn532FrameError)
    expect(() => decodeFrame(bytes('00 00 00 00'))).toThrow(/start code/)
    expect(() => decodeFrame(bytes('00 00 FF 06 FA D5 03'))).toThrow(/truncated/)
    expect(() => decodeFrame(encodeFrame(bytes('02')))).toThrow(/TFI D4/)
    expect(() => decodeFrame(bytes('00 00 FF FF FF 00 02 FE D5 02 29 00'))).toThrow(/extended/)
  })
})
