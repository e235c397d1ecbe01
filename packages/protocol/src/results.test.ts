import { describe, expect, it } from 'vitest'
import {
  type DeviceCmdResult,
  parseDeviceCmdBody,
  serializeDeviceCmdResult,
  serializeDeviceCmdResults,
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

describe('serializeDeviceCmdResult', () => {
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
    expect(serializeDeviceCmdResult(result)).toBe(text)
    expect(parseDeviceCmdBody(text)).toEqual({ records: [result], rejected: [] })
  })

  it('joins line results into one body', () => {
    const body = serializeDeviceCmdResults([
      { id: '1', returnCode: 0, cmd: 'DATA', fields: {} },
      { id: '2', returnCode: 0, cmd: 'CHECK', fields: {} },
    ])
    expect(body).toBe('ID=1&Return=0&CMD=DATA\nID=2&Return=0&CMD=CHECK\n')
  })
})
