import { describe, expect, it } from 'vitest'
import { formatControlHex, parseControlHex } from './command-control'

describe('CONTROL DEVICE hex', () => {
  it('writes two upper-case hex digits per byte', () => {
    expect(formatControlHex(1, [1, 1, 5])).toBe('01010105')
    expect(formatControlHex(0x11, [1, 255, 0, 10])).toBe('1101FF000A')
  })

  it('refuses bytes out of range', () => {
    expect(() => formatControlHex(256, [])).toThrow(/256/)
    expect(() => formatControlHex(1, [-1])).toThrow()
  })

  it('reads any case, and only whole bytes', () => {
    expect(parseControlHex('0101ff05')).toEqual({ action: 1, params: [1, 255, 5] })
    expect(parseControlHex('010')).toBeNull()
    expect(parseControlHex('')).toBeNull()
    expect(parseControlHex('zz')).toBeNull()
  })
})
