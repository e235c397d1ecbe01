import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatOptionsBody, optionName, parseOptionsBody, withOptionNames } from './options'

describe('parseOptionsBody', () => {
  it('keeps commas and spaces inside values and tilde keys', () => {
    const body =
      '~DeviceName=SpeedFace-V5L,MAC=00:17:61:12:34:56,TransactionCount=109,~MaxAttLogCount=10,~OEMVendor=ZKTECO CO., LTD.,~Platform=ZAM180_TFT,IPAddress=192.168.1.201,FaceVersion=,~OEMVendor2= ZKTeco Inc. ,MultiBioDataSupport=0:1:0:0:0:0:0:0:0:1'
    expect(parseOptionsBody(body)).toEqual({
      '~DeviceName': 'SpeedFace-V5L',
      MAC: '00:17:61:12:34:56',
      TransactionCount: '109',
      '~MaxAttLogCount': '10',
      '~OEMVendor': 'ZKTECO CO., LTD.',
      '~Platform': 'ZAM180_TFT',
      IPAddress: '192.168.1.201',
      FaceVersion: '',
      '~OEMVendor2': ' ZKTeco Inc. ',
      MultiBioDataSupport: '0:1:0:0:0:0:0:0:0:1',
    })
  })
  it('reads a registry body, CRLF and multi-line INFO-style bodies', () => {
    expect(parseOptionsBody('DeviceType=acc,~DeviceName=F20/M,CommType=ethernet\r\n')).toEqual({
      DeviceType: 'acc',
      '~DeviceName': 'F20/M',
      CommType: 'ethernet',
    })
    expect(parseOptionsBody('UserCount=3\r\nFPCount=1\n')).toEqual({ UserCount: '3', FPCount: '1' })
  })
  it('keeps the first of a repeated key and stores __proto__ as data', () => {
    const map = parseOptionsBody('A=1,A=2,__proto__=x')
    expect(map.A).toBe('1')
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype)
    expect(Object.keys(map)).toEqual(['A', '__proto__'])
  })
})

describe('formatOptionsBody', () => {
  it('writes one comma-separated line', () => {
    expect(formatOptionsBody({ '~DeviceName': 'X', '~OEMVendor': 'ZKTECO CO., LTD.' })).toBe(
      '~DeviceName=X,~OEMVendor=ZKTECO CO., LTD.',
    )
  })
  it('round-trips through parseOptionsBody', () => {
    const key = fc.stringMatching(/^~?[A-Za-z][A-Za-z0-9]{0,11}$/)
    const value = fc.stringMatching(/^[A-Za-z0-9 .,:/-]{0,20}$/)
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 12 }), (map) => {
        expect(parseOptionsBody(formatOptionsBody(map))).toEqual(map)
      }),
    )
  })
  it('never throws on garbage', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseOptionsBody(s) === 'object'))
  })
})

describe('optionName / withOptionNames', () => {
  it('drops the read-only marker: ~DeviceName is the DeviceName option', () => {
    expect(optionName('~DeviceName')).toBe('DeviceName')
    expect(optionName('MAC')).toBe('MAC')
    expect(
      withOptionNames({ '~DeviceName': 'F22', '~OEMVendor': 'ZKTECO CO., LTD.', MAC: 'x' }),
    ).toEqual({
      DeviceName: 'F22',
      OEMVendor: 'ZKTECO CO., LTD.',
      MAC: 'x',
    })
  })
  it('keeps the first value when a name comes with and without the marker', () => {
    expect(withOptionNames({ DeviceName: 'a', '~DeviceName': 'b' })).toEqual({ DeviceName: 'a' })
  })
})
