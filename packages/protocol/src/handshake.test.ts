import { describe, expect, it } from 'vitest'
import {
  formatHandshakeReply,
  type HandshakeOptions,
  negotiatePushVersion,
  parseHandshakeReply,
  parseTransFlag,
} from './handshake'

const docOptions: HandshakeOptions = {
  stamps: { ATTLOG: 'None', OPERLOG: '9999', ATTPHOTO: 'None' },
  errorDelay: 30,
  delay: 10,
  transTimes: '00:00;14:05',
  transInterval: 1,
  transFlag: [
    'AttLog',
    'OpLog',
    'AttPhoto',
    'EnrollUser',
    'ChgUser',
    'EnrollFP',
    'ChgFP',
    'UserPic',
  ],
  timeZone: 8,
  realtime: true,
  encrypt: false,
  serverVer: '2.4.1',
  pushProtVer: '2.4.1',
}

describe('formatHandshakeReply', () => {
  it('writes the doc block with exact key spellings, LF separated', () => {
    expect(formatHandshakeReply('0316144680030', docOptions)).toBe(
      [
        'GET OPTION FROM: 0316144680030',
        'ATTLOGStamp=None',
        'OPERLOGStamp=9999',
        'ATTPHOTOStamp=None',
        'ErrorDelay=30',
        'Delay=10',
        'TransTimes=00:00;14:05',
        'TransInterval=1',
        'TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic',
        'TimeZone=8',
        'Realtime=1',
        'Encrypt=0',
        'ServerVer=2.4.1',
        'PushProtVer=2.4.1',
      ].join('\n'),
    )
  })
  it('uses legacy stamp names and a bit-string TransFlag for legacy firmware', () => {
    const body = formatHandshakeReply(
      '7160048',
      { ...docOptions, stamps: { ATTLOG: '1', OPERLOG: '2', BIODATA: '3' } },
      true,
    )
    expect(body).toContain('\nStamp=1\nOpStamp=2\n')
    expect(body).not.toContain('BIODATA')
    expect(body).not.toContain('PushProtVer')
    expect(body).toContain('\nTransFlag=1111101101\n')
  })
  it('writes optional keys and extras', () => {
    const body = formatHandshakeReply('A', {
      ...docOptions,
      pushOptionsFlag: true,
      pushOptions: ['FingerFunOn', 'FaceFunOn'],
      multiBioDataSupport: '0:1:1:0:0:0:0:0:0:1',
      supportPing: true,
      extra: { ATTPHOTOBase64: '1' },
    })
    expect(body).toContain(
      '\nPushOptionsFlag=1\nPushOptions=FingerFunOn,FaceFunOn\nMultiBioDataSupport=0:1:1:0:0:0:0:0:0:1\n',
    )
    expect(body.endsWith('\nSupportPing=1\nATTPHOTOBase64=1')).toBe(true)
  })
  it('refuses values with line breaks', () => {
    expect(() => formatHandshakeReply('A\nB', docOptions)).toThrow(RangeError)
  })
})

describe('parseHandshakeReply', () => {
  it('reads back what the builder wrote', () => {
    expect(parseHandshakeReply(formatHandshakeReply('SN1', docOptions))).toEqual({
      ...docOptions,
      sn: 'SN1',
    })
  })
  it('reads the original server block (CRLF, legacy stamps, bit TransFlag, odd values)', () => {
    const body = [
      'GET OPTION FROM: WBIO1A2B3C',
      'Stamp=9999',
      'OpStamp=2025-05-20 08:30:00',
      'ErrorDelay=60',
      'Delay=30',
      'ResLogDay=18250',
      'TransInterval=4',
      'TransFlag=1111000000',
      'TimeZone=America/Mexico_City',
      'Realtime=1',
      'Encrypt=0',
    ].join('\r\n')
    const o = parseHandshakeReply(body)
    expect(o.sn).toBe('WBIO1A2B3C')
    expect(o.stamps).toEqual({ ATTLOG: '9999', OPERLOG: '2025-05-20 08:30:00' })
    expect(o.transFlag).toEqual(['AttLog', 'OpLog', 'AttPhoto', 'EnrollFP'])
    expect(o.timeZone).toBe(0) // not a number: the default stands
    expect(o.delay).toBe(30)
    expect(o.extra).toEqual({ ResLogDay: '18250' })
    expect(o.pushProtVer).toBe('2.2.14')
  })
  it('fills documented defaults and accepts odd key case', () => {
    const o = parseHandshakeReply('GET OPTION FROM:X\nATTLOGSTAMP=0\nTableNameStamp\n')
    expect(o).toMatchObject({
      sn: 'X',
      stamps: { ATTLOG: '0' },
      delay: 30,
      errorDelay: 60,
      realtime: true,
    })
    expect(o.extra).toEqual({ TableNameStamp: '' })
  })
  it('throws on a body that is not an option block', () => {
    expect(() => parseHandshakeReply('OK')).toThrow(/not a handshake reply/)
  })
})

describe('versions', () => {
  it.each([
    ['2.4.1', '2.4.0', '2.4.0'],
    ['2.2.14', '2.4.1', '2.2.14'],
    ['2.4.2', '2.10.0', '2.4.2'],
    [undefined, '2.4.1', '2.2.14'],
    ['3.1.2', '2.4.1', '2.4.1'],
  ])('device %s, server %s → %s', (device, server, expected) => {
    expect(negotiatePushVersion(device, server)).toBe(expected)
  })
  it('reads both TransFlag formats', () => {
    expect(parseTransFlag('TransData AttLog\tOpLog')).toEqual(['AttLog', 'OpLog'])
    expect(parseTransFlag('0000000000')).toEqual([])
  })
})
