import { describe, expect, it } from 'vitest'
import { serialFromMac } from './serial'

describe('serialFromMac', () => {
  it.each([
    ['b8:27:eb:1a:2b:3c', 'WBIO1A2B3C'],
    ['B8-27-EB-1A-2B-3C', 'WBIO1A2B3C'],
    ['b827eb1a2b3c', 'WBIO1A2B3C'],
    ['b827.eb1a.2b3c', 'WBIO1A2B3C'],
    [' dc:a6:32:00:00:0f\n', 'WBIO00000F'],
  ])('%j → %s', (mac, sn) => {
    expect(serialFromMac(mac)).toBe(sn)
  })

  it('uses the given prefix', () => {
    expect(serialFromMac('b8:27:eb:1a:2b:3c', 'TEST')).toBe('TEST1A2B3C')
  })

  it.each(['', 'b8:27:eb:1a:2b', 'b8:27:eb:1a:2b:3g', 'b8:27-eb:1a:2b:3c', 'b827eb1a2b3c0'])(
    'rejects %j with a clear error',
    (mac) => {
      expect(() => serialFromMac(mac)).toThrow(/malformed MAC address/)
    },
  )
})
