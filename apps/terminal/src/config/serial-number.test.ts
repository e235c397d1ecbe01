import { describe, expect, it } from 'vitest'
import { firstMac, resolveSerialNumber } from './serial-number'

describe('serial number', () => {
  it('takes WBIO + the last six hex digits of the first real MAC, upper case', () => {
    const eth = { address: '10.0.0.2', netmask: '255.0.0.0', family: 'IPv4' as const, cidr: null }
    expect(
      resolveSerialNumber(undefined, {
        eth0: [{ ...eth, mac: 'dc:a6:32:ab:cd:ef', internal: false }],
      }),
    ).toBe('WBIOABCDEF')
    expect(() => resolveSerialNumber(undefined, {})).toThrow(/TERMINAL_SN/)
  })

  it('skips loopback and all-zero MACs', () => {
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, cidr: null }
    expect(
      firstMac({
        lo: [{ ...lo, mac: '00:00:00:00:00:00', internal: true }],
        tun0: [{ ...lo, mac: '00:00:00:00:00:00', internal: false }],
        wlan0: [{ ...lo, mac: 'b8:27:eb:00:00:01', internal: false }],
      }),
    ).toBe('b8:27:eb:00:00:01')
  })

  it('prefers a valid override and rejects a malformed one', () => {
    expect(resolveSerialNumber(' SIM-7 ', {})).toBe('SIM-7')
    expect(() => resolveSerialNumber('bad sn', {})).toThrow(/TERMINAL_SN/)
  })
})
