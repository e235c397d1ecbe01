import { describe, expect, it } from 'vitest'
import {
  formatRtlog,
  formatRtstate,
  formatTabledata,
  parseRtlog,
  parseRtstate,
  parseTabledata,
  type RtlogRecord,
  rtlogToAttlog,
} from './access'

// SpeedFace-V3L order: sitecode/linkid after index.
const v3l =
  'time=2024-03-05 09:14:07\tpin=1024\tcardno=0\teventaddr=1\tevent=0\tinoutstatus=0\tverifytype=15\tindex=88\tsitecode=0\tlinkid=0\tmaskflag=255\ttemperature=0.0\tconvtemperature=0.0\r\n'

describe('parseRtlog', () => {
  it('reads keys in any order', () => {
    const { records, rejected } = parseRtlog(v3l)
    expect(rejected).toEqual([])
    expect(records[0]).toEqual({
      time: '2024-03-05 09:14:07',
      pin: '1024',
      cardNo: '0',
      siteCode: '0',
      linkId: '0',
      eventAddr: '1',
      event: 0,
      inOutStatus: 0,
      verifyType: '15',
      index: '88',
      maskFlag: '255',
      temperature: '0.0',
      convTemperature: '0.0',
    })
  })
  it('keeps unknown keys and tolerates upper-case keys', () => {
    const r = parseRtlog('TIME=2024-03-05 09:14:07\tPin=0\tEvent=27\tdoorid=2').records[0]
    expect(r).toMatchObject({ pin: '0', event: 27, extra: { doorid: '2' } })
  })
  it.each([
    ['missing time', 'pin=1\tevent=0', 'missing time'],
    ['bad time', 'time=2024-02-30 00:00:00\tevent=0', 'invalid time'],
    ['missing event', 'time=2024-03-05 09:14:07\tpin=1', 'missing event'],
    ['bad event', 'time=2024-03-05 09:14:07\tevent=x', 'invalid event'],
  ])('rejects %s', (_n, body, reason) => {
    expect(parseRtlog(body).rejected[0]?.reason).toContain(reason)
  })
  it('serialises in doc key order', () => {
    const r = parseRtlog(v3l).records[0] as RtlogRecord
    expect(formatRtlog([r])).toBe(
      'time=2024-03-05 09:14:07\tpin=1024\tcardno=0\tsitecode=0\tlinkid=0\teventaddr=1\tevent=0\tinoutstatus=0\tverifytype=15\tindex=88\tmaskflag=255\ttemperature=0.0\tconvtemperature=0.0\n',
    )
  })
})

describe('rtlogToAttlog', () => {
  const base = parseRtlog(v3l).records[0] as RtlogRecord
  it('turns a normal verification into a punch', () => {
    expect(rtlogToAttlog({ ...base, inOutStatus: 1 })).toEqual({
      pin: '1024',
      time: '2024-03-05 09:14:07',
      status: 1,
      verify: 15,
      workCode: '',
      maskFlag: 255,
      temperature: '0.0',
      convTemperature: '0.0',
    })
  })
  it.each([
    ['fingerprint open', 14, '1024', true],
    ['card + fingerprint', 17, '1024', true],
    ['extended normal', 4008, '1024', true],
    ['unregistered person', 27, '0', false],
    ['no pin', 0, '', false],
    ['door opened by button', 202, '1024', false],
    ['access denied', 23, '1024', false],
  ])('%s (event %i) → punch: %s', (_n, event, pin, punch) => {
    expect(rtlogToAttlog({ ...base, event, pin }) !== null).toBe(punch)
  })
  it('maps a single-method 16-bit verify string', () => {
    expect(rtlogToAttlog({ ...base, verifyType: '0000000000000001' })?.verify).toBe(15)
    expect(rtlogToAttlog({ ...base, verifyType: '0000010000000000' })?.verify).toBe(4)
    expect(rtlogToAttlog({ ...base, verifyType: '0000111000011010' })?.verify).toBe(200)
  })
})

describe('parseRtstate', () => {
  it('reads and writes door state', () => {
    const body = 'time=2024-03-05 09:14:07\tsensor=01\trelay=00\talarm=0000000000000000\n'
    const { records } = parseRtstate(body)
    expect(records[0]).toEqual({
      time: '2024-03-05 09:14:07',
      sensor: '01',
      relay: '00',
      alarm: '0000000000000000',
    })
    expect(formatRtstate(records)).toBe(body)
  })
})

describe('parseTabledata', () => {
  it('reads user rows with a typed view', () => {
    const body =
      'user uid=1\tcardno=123456\tpin=7\tpassword=\tgroup=1\tstarttime=0\tendtime=0\tname=Ann\tprivilege=14\tdisable=0\tverify=0\n'
    const { records } = parseTabledata('user', body)
    expect(records[0]?.user).toEqual({
      pin: '7',
      uid: '1',
      cardNo: '123456',
      password: '',
      group: '1',
      startTime: '0',
      endTime: '0',
      name: 'Ann',
      privilege: 14,
      disable: '0',
      verify: '0',
    })
    expect(formatTabledata(records)).toBe(body)
  })
  it('reads templatev10 rows with duress finger ids', () => {
    const r = parseTabledata(
      'templatev10',
      'templatev10 size=4\tuid=1\tpin=7\tfingerid=17\tvalid=1\ttemplate=TUzI\tresverd=0\tendtag=0',
    ).records[0]
    expect(r?.template).toEqual({
      pin: '7',
      uid: '1',
      size: 4,
      fingerId: 1,
      duress: true,
      valid: 1,
      template: 'TUzI',
    })
  })
  it('reads biodata rows through the BIODATA codec and generic tables as fields', () => {
    expect(
      parseTabledata(
        'biodata',
        'biodata pin=7\tno=0\tindex=0\tvalid=1\tduress=0\ttype=9\tmajorver=58\tminorver=0\tformat=0\ttmp=AQID',
      ).records[0]?.biodata,
    ).toMatchObject({ pin: '7', type: 9, template: 'AQID' })
    expect(parseTabledata('identitycard', 'pin=7\tSN_Num=1\tID_Num=42').records[0]).toEqual({
      table: 'identitycard',
      fields: { pin: '7', SN_Num: '1', ID_Num: '42' },
    })
  })
  it('rejects rows of another table and rows missing required keys', () => {
    const { records, rejected } = parseTabledata(
      'user',
      'templatev10 pin=1\tsize=0\nuser name=x\nuser pin=2',
    )
    expect(records).toHaveLength(1)
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining('unexpected templatev10'),
      'missing pin',
    ])
  })
})
