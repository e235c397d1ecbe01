import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type DeviceCmdResult,
  formatDeviceCmdResult,
  formatDeviceCmdResults,
  parseDeviceCmdBody,
} from './results'

describe('parseDeviceCmdBody', () => {
  it('reads a single LF-terminated result', () => {
    expect(parseDeviceCmdBody('ID=a13eeb9927464f9e&Return=0&CMD=DATA\n')).toEqual({
      records: [{ id: 'a13eeb9927464f9e', returnCode: 0, cmd: 'DATA', fields: {} }],
      rejected: [],
    })
  })

  it('reads several results, lower-case keys, SN and CRLF', () => {
    const { records, rejected } = parseDeviceCmdBody(
      'ID=1&Return=0&CMD=DATA\r\nid=2&return=-1002&cmd=DATA UPDATE&SN=SUB1\r\nID=3&Return=-5000&CMD=CONTROL DEVICE',
    )
    expect(rejected).toEqual([])
    expect(records).toEqual([
      { id: '1', returnCode: 0, cmd: 'DATA', fields: {} },
      { id: '2', returnCode: -1002, cmd: 'DATA UPDATE', sn: 'SUB1', fields: {} },
      { id: '3', returnCode: -5000, cmd: 'CONTROL DEVICE', fields: {} },
    ])
  })

  it('reads an INFO block and the result after it', () => {
    const body =
      'ID=info1&Return=0&CMD=INFO\n~DeviceName=MB360/ID\nMAC=00:17:61:aa:bb:cc\nUserCount=143\n~OEMVendor=ZKTECO CO., LTD.\nID=2&Return=0&CMD=CHECK\n'
    const { records, rejected } = parseDeviceCmdBody(body)
    expect(rejected).toEqual([])
    expect(records[0]).toEqual({
      id: 'info1',
      returnCode: 0,
      cmd: 'INFO',
      fields: {},
      info: {
        '~DeviceName': 'MB360/ID',
        MAC: '00:17:61:aa:bb:cc',
        UserCount: '143',
        '~OEMVendor': 'ZKTECO CO., LTD.',
      },
      content:
        '~DeviceName=MB360/ID\nMAC=00:17:61:aa:bb:cc\nUserCount=143\n~OEMVendor=ZKTECO CO., LTD.',
    })
    expect(records[1]).toEqual({ id: '2', returnCode: 0, cmd: 'CHECK', fields: {} })
  })

  it('reads VERIFY SUM extra fields', () => {
    const { records } = parseDeviceCmdBody(
      'ID=7&Return=0&CMD=VERIFY SUM&StartTime=2024-01-01 00:00:00&EndTime=2024-01-02 00:00:00&AttlogSum=42\n',
    )
    expect(records[0]?.fields).toEqual({
      StartTime: '2024-01-01 00:00:00',
      EndTime: '2024-01-02 00:00:00',
      AttlogSum: '42',
    })
  })

  it('reads the GetFile form with raw content after Content=', () => {
    const body =
      'ID=8\nSN=ABC\nFILENAME=options.cfg\nCMD=GetFile\nReturn=11\nContent=a=1\nb&c=2\r\n'
    expect(parseDeviceCmdBody(body)).toEqual({
      records: [
        {
          id: '8',
          returnCode: 11,
          cmd: 'GetFile',
          sn: 'ABC',
          fields: { FILENAME: 'options.cfg' },
          content: 'a=1\nb&c=2\r\n',
        },
      ],
      rejected: [],
    })
  })

  it('reads the PutFile form without content', () => {
    expect(parseDeviceCmdBody('ID=9\nReturn=2048\nCMD=PutFile\n').records).toEqual([
      { id: '9', returnCode: 2048, cmd: 'PutFile', fields: {} },
    ])
  })

  it('reads firmware results with spaces around = and &', () => {
    const { records, rejected } = parseDeviceCmdBody(
      'ID = 57229 & Return = 0 & CMD = DATA\r\nID= 57230 &Return= -1002 &CMD= DATA UPDATE & SN = SUB1\r\n',
    )
    expect(rejected).toEqual([])
    expect(records).toEqual([
      { id: '57229', returnCode: 0, cmd: 'DATA', fields: {} },
      { id: '57230', returnCode: -1002, cmd: 'DATA UPDATE', sn: 'SUB1', fields: {} },
    ])
  })

  it('reads a spaced INFO result and the spaced result after its block', () => {
    const { records, rejected } = parseDeviceCmdBody(
      'ID = 12 & Return = 0 & CMD = INFO\nUserCount=143\nID = 13 & Return = 0 & CMD = CHECK\n',
    )
    expect(rejected).toEqual([])
    expect(records.map((r) => [r.id, r.cmd, r.info])).toEqual([
      ['12', 'INFO', { UserCount: '143' }],
      ['13', 'CHECK', undefined],
    ])
  })

  it('reads the GetFile form with spaces around its keys', () => {
    const { records } = parseDeviceCmdBody('ID = 8\nCMD = GetFile\nReturn = 11\nContent=a\n')
    expect(records.map((r) => [r.id, r.cmd, r.returnCode, r.content])).toEqual([
      ['8', 'GetFile', 11, 'a\n'],
    ])
  })

  it('rejects malformed lines and keeps the rest', () => {
    const { records, rejected } = parseDeviceCmdBody(
      'ID=1&Return=0&CMD=DATA\nReturn=0&CMD=DATA\nID=3&Return=abc&CMD=DATA\nID=4&Return=0&CMD=LOG\n',
    )
    expect(records.map((r) => r.id)).toEqual(['1', '4'])
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'result without ID'],
      [3, 'result without an integer Return (abc)'],
    ])
  })

  it('rejects leading garbage and a key form without ID', () => {
    const { records, rejected } = parseDeviceCmdBody('garbage\nReturn=0\nCMD=GetFile\n')
    expect(records).toEqual([])
    expect(rejected.map((r) => r.line)).toEqual([1, 2, 3])
  })
})

describe('formatDeviceCmdResult', () => {
  it.each<[string, DeviceCmdResult]>([
    ['ID=5&Return=0&CMD=DATA\n', { id: '5', returnCode: 0, cmd: 'DATA', fields: {} }],
    [
      'ID=5&Return=-1&CMD=DATA UPDATE&SN=X\n',
      { id: '5', returnCode: -1, cmd: 'DATA UPDATE', sn: 'X', fields: {} },
    ],
    [
      'ID=i&Return=0&CMD=INFO\nUserCount=3\nMAC=aa\n',
      {
        id: 'i',
        returnCode: 0,
        cmd: 'INFO',
        fields: {},
        info: { UserCount: '3', MAC: 'aa' },
        content: 'UserCount=3\nMAC=aa',
      },
    ],
    [
      'ID=s\nFILENAME=shellout.txt\nCMD=Shell\nReturn=3\nContent=ok\n',
      {
        id: 's',
        returnCode: 3,
        cmd: 'Shell',
        fields: { FILENAME: 'shellout.txt' },
        content: 'ok\n',
      },
    ],
  ])('%j', (text, result) => {
    expect(formatDeviceCmdResult(result)).toBe(text)
    expect(parseDeviceCmdBody(text)).toEqual({ records: [result], rejected: [] })
  })

  it('joins line results into one body', () => {
    const body = formatDeviceCmdResults([
      { id: '1', returnCode: 0, cmd: 'DATA', fields: {} },
      { id: '2', returnCode: 0, cmd: 'CHECK', fields: {} },
    ])
    expect(body).toBe('ID=1&Return=0&CMD=DATA\nID=2&Return=0&CMD=CHECK\n')
  })
})

describe('result properties', () => {
  const text = fc
    .string({ unit: 'binary', maxLength: 10 })
    .map((s) => s.replace(/[&\r\n]/g, '_'))
    .filter((s) => !/\p{Cs}/u.test(s))
  const key = fc
    .stringMatching(/^[A-Za-z~][A-Za-z0-9_]{0,8}$/)
    .filter((k) => !['id', 'return', 'cmd', 'sn', 'content', '__proto__'].includes(k.toLowerCase()))
  const base = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9]{1,16}$/),
    returnCode: fc.integer({ min: -6000, max: 1_000_000 }),
    // spaces around a value are separators on the wire (`ID = 5 & Return = 0`), so values are trimmed
    cmd: fc.oneof(
      fc.constantFrom('DATA', 'CLEAR_LOG', 'DATA UPDATE', 'SET OPTION', 'Shell'),
      text.map((s) => s.trim()),
    ),
    sn: fc.option(
      text.map((s) => s.trim()),
      { nil: undefined },
    ),
    fields: fc.dictionary(
      key,
      text.map((s) => s.trim()),
      { maxKeys: 3 },
    ),
  })
  const lineResult: fc.Arbitrary<DeviceCmdResult> = fc.oneof(
    base.filter((r) => r.cmd.toUpperCase() !== 'INFO'),
    fc
      .tuple(
        base,
        fc.dictionary(
          key.filter((k) => k.toLowerCase() !== 'id'),
          text,
          { maxKeys: 5 },
        ),
      )
      .map(([r, info]) => ({
        ...r,
        cmd: 'INFO',
        info,
        content: Object.entries(info)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
      })),
  )
  const clean = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

  it('several line results round-trip through one body', () => {
    fc.assert(
      fc.property(fc.array(lineResult, { maxLength: 5 }), (results) => {
        expect(parseDeviceCmdBody(formatDeviceCmdResults(results))).toEqual({
          records: clean(results),
          rejected: [],
        })
      }),
      { numRuns: 500 },
    )
  })

  it('the GetFile/Shell form round-trips with any content', () => {
    const fileResult = fc
      .tuple(base, fc.string({ maxLength: 40 }))
      .map(([r, content]) => ({ ...r, content }))
    fc.assert(
      fc.property(fileResult, (r) => {
        expect(parseDeviceCmdBody(formatDeviceCmdResult(r))).toEqual({
          records: [clean(r)],
          rejected: [],
        })
      }),
      { numRuns: 500 },
    )
  })

  it('garbage never throws; in line form every non-blank line is accounted for', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        'ID=1&Return=0&CMD=DATA',
        'ID=2&Return=0&CMD=INFO',
        'id=3&return=-1',
        'Return=0&CMD=X',
        'MAC=00',
        'Content=x',
        'garbage',
        '',
        'OK',
      ),
      fc.string({ maxLength: 12 }),
    )
    const body = fc.array(piece, { maxLength: 8 }).map((ls) => ls.join('\n'))
    fc.assert(
      fc.property(body, (b) => {
        const { records, rejected } = parseDeviceCmdBody(b)
        const lines = b.split('\n').map((l) => l.replace(/\r$/, ''))
        const nonBlank = lines.filter((l) => l.trim() !== '')
        for (const r of rejected) expect(lines[r.line - 1]).toBe(r.text)
        const firstKeyed = lines.find((l) => l.includes('=') || l.includes('&'))
        if (firstKeyed?.includes('&')) {
          const infoLines = records.reduce(
            (n, r) => n + (r.info && r.content ? r.content.split('\n').length : 0),
            0,
          )
          expect(records.length + infoLines + rejected.length).toBe(nonBlank.length)
        } else {
          expect(records.length).toBeLessThanOrEqual(1)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
