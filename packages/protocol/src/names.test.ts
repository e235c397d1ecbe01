import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeDeviceText, decodeName, encodeName, isChineseLanguage } from './names'

const bytes = (...b: number[]) => new Uint8Array(b)

describe('GB18030 in this runtime', () => {
  it('TextDecoder knows gb18030', () => {
    expect(new TextDecoder('gb18030').decode(bytes(0xc4, 0xe3, 0xba, 0xc3))).toBe('你好')
  })
})

describe('isChineseLanguage', () => {
  it.each<[string | number | undefined, boolean]>([
    [83, true],
    ['84', true],
    ['zh-CN', true],
    [69, false],
    ['101', false],
    [undefined, false],
  ])('%j → %s', (lang, yes) => {
    expect(isChineseLanguage(lang)).toBe(yes)
  })
})

describe('decodeName', () => {
  it('reads UTF-8 on other devices', () => {
    expect(decodeName(new TextEncoder().encode('Juan Pérez'), 69)).toBe('Juan Pérez')
  })

  it('reads GB18030 on Chinese devices', () => {
    expect(decodeName(bytes(0xd5, 0xc5, 0xc8, 0xfd), 83)).toBe('张三')
  })

  it('falls back to GB18030 when the bytes are not UTF-8', () => {
    expect(decodeName(bytes(0xd5, 0xc5, 0xc8, 0xfd))).toBe('张三')
  })

  it('drops trailing NUL padding', () => {
    expect(decodeName(bytes(0x41, 0x6e, 0x6e, 0, 0, 0))).toBe('Ann')
  })

  it('never throws on any bytes or language', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom(undefined, 83, 84, 69, 'x'),
        (b, l) => {
          expect(typeof decodeName(b, l)).toBe('string')
        },
      ),
    )
  })
})

describe('encodeName', () => {
  it('writes GB18030 two-byte codes for Chinese devices', () => {
    expect(Array.from(encodeName('你好', 83))).toEqual([0xc4, 0xe3, 0xba, 0xc3])
    expect(Array.from(encodeName('张三 A', '84'))).toEqual([0xd5, 0xc5, 0xc8, 0xfd, 0x20, 0x41])
  })

  it('writes four-byte codes for characters outside the two-byte table', () => {
    expect(Array.from(encodeName('\u0080', 83))).toEqual([0x81, 0x30, 0x81, 0x30])
    expect(Array.from(encodeName('😀', 83))).toEqual([0x94, 0x39, 0xfc, 0x36])
    expect(decodeName(encodeName('😀', 83), 83)).toBe('😀')
  })

  it('writes UTF-8 otherwise and ? for what GB18030 cannot hold', () => {
    expect(encodeName('é', 69)).toEqual(new TextEncoder().encode('é'))
    expect(Array.from(encodeName('a\uD800b', 83))).toEqual([0x61, 0x3f, 0x62])
  })

  const name = fc
    .string({ unit: 'binary', maxLength: 20 })
    // Private-use characters have no stable GB18030 code across the standard's editions.
    .filter((s) => !/[\p{Cs}\p{Co}]/u.test(s) && !s.endsWith('\0'))

  it('round-trips any well-formed name in UTF-8 and in GB18030', () => {
    fc.assert(
      fc.property(name, (s) => {
        expect(decodeName(encodeName(s, 69), 69)).toBe(s)
        expect(decodeName(encodeName(s, 83), 83)).toBe(s)
      }),
      { numRuns: 500 },
    )
  })

  it('round-trips CJK names through GB18030', () => {
    const cjk = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
      minLength: 1,
      maxLength: 6,
    })
    fc.assert(
      fc.property(cjk, (s) => {
        const encoded = encodeName(s, 83)
        expect(encoded.length).toBe(s.length * 2)
        expect(decodeName(encoded, 83)).toBe(s)
      }),
    )
  })
})

describe('decodeDeviceText', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    new Uint8Array(
      parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)),
    )
  it('decides the encoding per line: one GB18030 line leaves the UTF-8 lines alone', () => {
    const body = bytes(
      'USER PIN=1\tName=José\n',
      'USER PIN=2\tName=',
      [0xc4, 0xe3, 0xba, 0xc3],
      '\n',
    )
    expect(decodeDeviceText(body)).toBe('USER PIN=1\tName=José\nUSER PIN=2\tName=你好\n')
  })
  it('keeps a stray byte inside its own line', () => {
    const body = bytes('Name=Zoë\r\n', 'Name=', [0xff], '\r\n', 'Name=Łukasz')
    const lines = decodeDeviceText(body).split('\n')
    expect([lines[0], lines[2]]).toEqual(['Name=Zoë\r', 'Name=Łukasz'])
  })
  it('decodes a valid UTF-8 body as a whole', () => {
    expect(decodeDeviceText(bytes('a\nb€'))).toBe('a\nb€')
  })
})
