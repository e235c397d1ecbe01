import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type DeviceInfo, formatInfo, parseInfo } from './info'

describe('parseInfo', () => {
  it('reads the legacy 5-value form', () => {
    expect(parseInfo('Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201')).toEqual({
      firmware: 'Ver 6.39 Apr 28 2008',
      userCount: 2,
      fingerprintCount: 0,
      attlogCount: 0,
      ip: '192.168.1.201',
    })
  })
  it('reads the MB360/ID 10-value form', () => {
    expect(parseInfo('Ver 8.0.4.2-I113-02,143,1,109,172.16.12.182,10,7,12,141,111')).toEqual({
      firmware: 'Ver 8.0.4.2-I113-02',
      userCount: 143,
      fingerprintCount: 1,
      attlogCount: 109,
      ip: '172.16.12.182',
      fpAlgorithm: '10',
      faceAlgorithm: '7',
      facesPerEnrol: 12,
      faceCount: 141,
      features: '111',
    })
  })
  it('reads the 13-value V5.8 form', () => {
    const info = parseInfo('Ver 8.0,1,2,3,10.0.0.2,12,58,1,4,11101,5,6,7')
    expect(info).toMatchObject({
      features: '11101',
      cardCount: 5,
      userPhotoCount: 6,
      attPhotoCount: 7,
    })
  })
  it('marks non-numbers and missing counts as NaN without throwing', () => {
    const info = parseInfo('Ver 1,x')
    expect(info.userCount).toBeNaN()
    expect(info.attlogCount).toBeNaN()
    expect(info.ip).toBe('')
  })
})

describe('formatInfo', () => {
  it('round-trips', () => {
    const count = fc.nat({ max: 1_000_000 })
    const word = fc
      .stringMatching(/^[A-Za-z0-9. -]{1,20}$/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
    const tail = fc.tuple(
      word,
      word,
      count,
      count,
      fc.stringMatching(/^[01]{3,5}$/),
      count,
      count,
      count,
    )
    const gen = fc
      .record({
        firmware: word,
        userCount: count,
        fingerprintCount: count,
        attlogCount: count,
        ip: fc.ipV4(),
        tailLength: fc.integer({ min: 0, max: 8 }),
        tail,
      })
      .map(({ tailLength, tail, ...head }) => {
        const info: DeviceInfo = { ...head }
        const keys = [
          'fpAlgorithm',
          'faceAlgorithm',
          'facesPerEnrol',
          'faceCount',
          'features',
          'cardCount',
          'userPhotoCount',
          'attPhotoCount',
        ] as const
        keys.slice(0, tailLength).forEach((k, i) => {
          Object.assign(info, { [k]: tail[i] })
        })
        return info
      })
    fc.assert(
      fc.property(gen, (info) => {
        expect(parseInfo(formatInfo(info))).toEqual(info)
      }),
    )
  })
})
