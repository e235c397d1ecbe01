import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AttPhoto, formatAttPhoto, parseAttPhoto } from './attphoto'

const jpeg = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x0a, 0x43, 0x4d, 0x44, 0x3d, 0xff, 0xd9,
])

function body(header: string, image: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(header)
  const out = new Uint8Array(head.length + image.length)
  out.set(head)
  out.set(image, head.length)
  return out
}

describe('parseAttPhoto', () => {
  it('reads the doc shape and keeps the binary intact', () => {
    const photo = parseAttPhoto(
      body(
        `PIN=20240115073200-148772.jpg\nSN=BOCK200961014\nsize=${jpeg.length}\nCMD=uploadphoto\0`,
        jpeg,
      ),
    )
    expect(photo).toEqual({
      fileName: '20240115073200-148772.jpg',
      pin: '148772',
      time: '2024-01-15 07:32:00',
      sn: 'BOCK200961014',
      size: jpeg.length,
      command: 'uploadphoto',
      image: jpeg,
    })
  })
  it('accepts realupload and CRLF headers, and an unparseable file name', () => {
    const photo = parseAttPhoto(body('PIN=odd.jpg\r\nCMD=realupload\0', jpeg))
    expect(photo).toMatchObject({ fileName: 'odd.jpg', command: 'realupload', image: jpeg })
    expect(photo).not.toHaveProperty('pin')
  })
  it.each([
    ['no marker', 'PIN=a.jpg\nSN=1\n'],
    ['no file name', 'SN=1\nCMD=uploadphoto\0'],
  ])('reports %s', (_name, header) => {
    expect(parseAttPhoto(body(header, jpeg))).toHaveProperty('error')
  })
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => typeof parseAttPhoto(b) === 'object'),
    )
  })
})

describe('formatAttPhoto', () => {
  it('round-trips', () => {
    const gen = fc.record({
      time: fc.date({
        min: new Date('2000-01-01'),
        max: new Date('2099-12-31'),
        noInvalidDate: true,
      }),
      pin: fc.stringMatching(/^[0-9A-Za-z]{1,14}$/),
      sn: fc.option(fc.stringMatching(/^[0-9A-Z]{6,16}$/), { nil: undefined }),
      command: fc.constantFrom('uploadphoto' as const, 'realupload' as const),
      image: fc.uint8Array({ maxLength: 300 }),
    })
    fc.assert(
      fc.property(gen, ({ time, pin, sn, command, image }) => {
        const iso = time.toISOString()
        const stamp = iso.slice(0, 19).replace(/\D/g, '')
        const photo: AttPhoto = {
          fileName: `${stamp}-${pin}.jpg`,
          pin,
          time: `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
          size: image.length,
          command,
          image,
        }
        if (sn !== undefined) photo.sn = sn
        expect(parseAttPhoto(formatAttPhoto(photo))).toEqual(photo)
      }),
    )
  })
})
