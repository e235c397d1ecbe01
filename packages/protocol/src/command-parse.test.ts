import { describe, expect, it } from 'vitest'
import { dataDeleteUser } from './command-echo'
import { formatCommand } from './command-format'
import { parseCommand } from './command-parse'
import type { Command } from './command-types'

// Exact wire text ⇄ model, both directions.
const exact: Array<[string, Command]> = [
  [
    'DATA UPDATE USERINFO PIN=1001\tName=John\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0\tViceCard=',
    {
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: {
        pin: '1001',
        name: 'John',
        privilege: 0,
        password: '',
        card: '',
        group: 1,
        timeZones: '0000000000000000',
        verify: 0,
        viceCard: '',
      },
    },
  ],
  [
    'DATA UPDATE FINGERTMP PIN=1\tFID=6\tSize=8\tValid=1\tTMP=TUzIxAAA',
    {
      type: 'DATA UPDATE',
      table: 'FINGERTMP',
      fingerprint: { pin: '1', fid: 6, valid: 1, template: 'TUzIxAAA' },
    },
  ],
  [
    'DATA UPDATE FACE PIN=2\tFID=0\tValid=1\tSize=4\tTMP=abcd',
    { type: 'DATA UPDATE', table: 'FACE', face: { pin: '2', fid: 0, valid: 1, template: 'abcd' } },
  ],
  [
    'DATA UPDATE BIODATA Pin=3\tNo=0\tIndex=1\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0\tTmp=xyz',
    {
      type: 'DATA UPDATE',
      table: 'BIODATA',
      bio: {
        pin: '3',
        no: 0,
        index: 1,
        valid: 1,
        duress: 0,
        type: 9,
        majorVer: '58',
        minorVer: '0',
        format: 0,
        template: 'xyz',
      },
    },
  ],
  [
    'DATA UPDATE USERPIC PIN=4\tSize=3\tContent=abc',
    { type: 'DATA UPDATE', table: 'USERPIC', photo: { pin: '4', content: 'abc' } },
  ],
  [
    'DATA UPDATE WORKCODE PIN=1\tCODE=7\tNAME=Night',
    {
      type: 'DATA UPDATE',
      table: 'WORKCODE',
      fields: [
        ['PIN', '1'],
        ['CODE', '7'],
        ['NAME', 'Night'],
      ],
    },
  ],
  [
    'DATA DELETE USERINFO PIN=1001',
    { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '1001']] },
  ],
  [
    'DATA DELETE BIODATA Pin=3\tType=9\tNo=0',
    {
      type: 'DATA DELETE',
      table: 'BIODATA',
      condition: [
        ['Pin', '3'],
        ['Type', '9'],
        ['No', '0'],
      ],
    },
  ],
  [
    'DATA QUERY ATTLOG StartTime=2024-01-01 00:00:00\tEndTime=2024-01-31 23:59:59',
    {
      type: 'DATA QUERY',
      table: 'ATTLOG',
      condition: [
        ['StartTime', '2024-01-01 00:00:00'],
        ['EndTime', '2024-01-31 23:59:59'],
      ],
    },
  ],
  ['DATA QUERY USERINFO', { type: 'DATA QUERY', table: 'USERINFO', condition: [] }],
  ['CLEAR LOG', { type: 'CLEAR', target: 'LOG' }],
  ['CLEAR ALL USERINFO', { type: 'CLEAR', target: 'ALL USERINFO' }],
  ['CHECK', { type: 'CHECK' }],
  ['INFO', { type: 'INFO' }],
  ['REBOOT', { type: 'REBOOT' }],
  ['RELOAD OPTIONS', { type: 'RELOAD OPTIONS' }],
  ['CONTROL DEVICE 01010105', { type: 'CONTROL DEVICE', action: 1, params: [1, 1, 5] }],
  ['CONTROL DEVICE 02010000', { type: 'CONTROL DEVICE', action: 2, params: [1, 0, 0] }],
  ['CONTROL DEVICE 03000000', { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] }],
  ['SET OPTION DateTime=583080894', { type: 'SET OPTION', key: 'DateTime', value: '583080894' }],
  [
    'SET OPTIONS DateTime=583080894,Delay=10',
    {
      type: 'SET OPTIONS',
      options: [
        ['DateTime', '583080894'],
        ['Delay', '10'],
      ],
    },
  ],
  ['GET OPTIONS IPAddress,Delay', { type: 'GET OPTIONS', keys: ['IPAddress', 'Delay'] }],
  [
    'VERIFY SUM ATTLOG StartTime=2024-01-01 00:00:00\tEndTime=2024-01-02 00:00:00',
    {
      type: 'VERIFY SUM',
      table: 'ATTLOG',
      condition: [
        ['StartTime', '2024-01-01 00:00:00'],
        ['EndTime', '2024-01-02 00:00:00'],
      ],
    },
  ],
  ['GetFile /mnt/mtdblock/options.cfg', { type: 'GetFile', path: '/mnt/mtdblock/options.cfg' }],
  [
    'PutFile users.tgz\t/mnt/mtdblock\tAction=SyncData\tTableName=USERINFO\tRecordCount=3',
    {
      type: 'PutFile',
      url: 'users.tgz',
      path: '/mnt/mtdblock',
      options: [
        ['Action', 'SyncData'],
        ['TableName', 'USERINFO'],
        ['RecordCount', '3'],
      ],
    },
  ],
  [
    'ENROLL_FP PIN=5\tFID=1\tRETRY=3\tOVERWRITE=0',
    { type: 'ENROLL_FP', enroll: { pin: '5', fid: 1, retry: 3, overwrite: 0 } },
  ],
  ['ENROLL_MF PIN=5\tRETRY=3', { type: 'ENROLL_MF', enroll: { pin: '5', retry: 3 } }],
  [
    'ENROLL_BIO TYPE=9\tPIN=5\tCardNo=\tRETRY=3\tOVERWRITE=1',
    { type: 'ENROLL_BIO', enroll: { type: 9, pin: '5', cardNo: '', retry: 3, overwrite: 1 } },
  ],
  ['SHELL ls -l /mnt', { type: 'SHELL', command: 'ls -l /mnt' }],
  [
    'UPGRADE checksum=abc,url=http://h/fw.bin,size=10',
    {
      type: 'UPGRADE',
      mode: 'base64',
      checksum: 'abc',
      url: 'http://h/fw.bin',
      size: 10,
      extra: [],
    },
  ],
  [
    'UPGRADE type=1,checksum=abc,size=10,url=fw.bin',
    { type: 'UPGRADE', mode: 'raw', checksum: 'abc', url: 'fw.bin', size: 10, extra: [] },
  ],
  [
    'UPGRADE checksum=abc,size=10,url=fw.bin,supportsubcontracting=1',
    { type: 'UPGRADE', mode: 'chunked', checksum: 'abc', url: 'fw.bin', size: 10, extra: [] },
  ],
  ['DATA USER PIN=9\tName=Old', { type: 'DATA USER', user: { pin: '9', name: 'Old' } }],
  [
    'DATA FP PIN=9\tFID=0\tTMP=abc',
    {
      type: 'DATA FP',
      fields: [
        ['PIN', '9'],
        ['FID', '0'],
        ['TMP', 'abc'],
      ],
    },
  ],
  [
    'RESET PWD PIN=9\tPasswd=1234',
    {
      type: 'RESET PWD',
      fields: [
        ['PIN', '9'],
        ['Passwd', '1234'],
      ],
    },
  ],
  ['NOALARM', { type: 'NOALARM' }],
  [
    'DATA UPDATE user CardNo=\tPin=1\tPassword=\tGroup=0\tStartTime=0\tEndTime=0\tName=Ann\tPrivilege=0',
    {
      type: 'ACC DATA UPDATE',
      table: 'user',
      fields: [
        ['CardNo', ''],
        ['Pin', '1'],
        ['Password', ''],
        ['Group', '0'],
        ['StartTime', '0'],
        ['EndTime', '0'],
        ['Name', 'Ann'],
        ['Privilege', '0'],
      ],
    },
  ],
  [
    'DATA UPDATE userauthorize Pin=1\tAuthorizeTimezoneId=1\tAuthorizeDoorId=3\tDevID=1',
    {
      type: 'ACC DATA UPDATE',
      table: 'userauthorize',
      fields: [
        ['Pin', '1'],
        ['AuthorizeTimezoneId', '1'],
        ['AuthorizeDoorId', '3'],
        ['DevID', '1'],
      ],
    },
  ],
  ['DATA DELETE user Pin=1', { type: 'ACC DATA DELETE', table: 'user', condition: 'Pin=1' }],
  ['DATA DELETE templatev10 *', { type: 'ACC DATA DELETE', table: 'templatev10', condition: '*' }],
  ['DATA COUNT user', { type: 'DATA COUNT', table: 'user' }],
  [
    'DATA QUERY tablename=user,fielddesc=*,filter=*',
    { type: 'ACC DATA QUERY', tableName: 'user', fieldDesc: '*', filter: '*' },
  ],
  [
    'ACCOUNT transaction StartTime=2024-01-01 00:00:00\tEndTime=2024-01-02 00:00:00',
    {
      type: 'ACCOUNT',
      table: 'transaction',
      condition: [
        ['StartTime', '2024-01-01 00:00:00'],
        ['EndTime', '2024-01-02 00:00:00'],
      ],
    },
  ],
  ['Test Host Address=10.0.0.1:8081', { type: 'TEST HOST', address: '10.0.0.1:8081' }],
]

describe('command model ⇄ wire text', () => {
  it.each(exact)('%s', (text, cmd) => {
    expect(formatCommand(cmd)).toBe(text)
    expect(parseCommand(text)).toEqual(cmd)
  })
})

describe('parseCommand leniency', () => {
  it('parses the seed server delete as a DELETE, not an update', () => {
    expect(parseCommand('DATA DELETE USERINFO PIN=148772')).toEqual(dataDeleteUser('148772'))
  })

  it('keeps the seed server Category key in extra', () => {
    const cmd = parseCommand(
      'DATA UPDATE USERINFO PIN=148772\tName=Juan Pérez\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\tPri=0\tCategory=0',
    )
    expect(cmd).toEqual({
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: {
        pin: '148772',
        name: 'Juan Pérez',
        password: '',
        card: '',
        group: 1,
        timeZones: '0000000100000000',
        privilege: 0,
        extra: { Category: '0' },
      },
    })
  })

  it('matches keys, verbs and attendance tables case-insensitively', () => {
    expect(parseCommand('data update userinfo pin=7\tname=A')).toEqual({
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: { pin: '7', name: 'A' },
    })
    expect(parseCommand('Shell date')).toEqual({ type: 'SHELL', command: 'date' })
    expect(parseCommand('control device 0301ff00')).toEqual({
      type: 'CONTROL DEVICE',
      action: 3,
      params: [1, 255, 0],
    })
  })

  it('tolerates a trailing TAB and keeps non-canonical numbers in extra', () => {
    expect(parseCommand('DATA UPDATE USERINFO PIN=1\tPri=x\tVerify=\t')).toEqual({
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: { pin: '1', extra: { Pri: 'x', Verify: '' } },
    })
  })

  it('keeps an explicit Size that differs from the template length', () => {
    const cmd = parseCommand('DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=99\tValid=3\tTMP=abc')
    expect(cmd).toMatchObject({ fingerprint: { size: 99, valid: 3 } })
  })

  it('reads the space form of SET OPTION', () => {
    expect(parseCommand('SET OPTION Delay 10')).toEqual({
      type: 'SET OPTION',
      key: 'Delay',
      value: '10',
    })
  })

  it('keeps commas inside SET OPTIONS values', () => {
    expect(parseCommand('SET OPTIONS ~OEMVendor=ZKTECO CO., LTD.,Delay=5')).toEqual({
      type: 'SET OPTIONS',
      options: [
        ['~OEMVendor', 'ZKTECO CO., LTD.'],
        ['Delay', '5'],
      ],
    })
  })

  it.each([
    'USER ADD PIN=1',
    'DATA DEL USERINFO PIN=1',
    'DATA UPDATE FINGERTMP PIN=1\tTMP=abc',
    'DATA UPDATE USERINFO Name=NoPin',
    'DATA DELETE USERINFO *',
    'CONTROL DEVICE 0G',
    'CONTROL DEVICE 123',
    'UPGRADE url=x',
    'REBOOTNOW',
    '',
  ])('%j is UNKNOWN', (text) => {
    expect(parseCommand(text)).toEqual({ type: 'UNKNOWN', text })
  })
})

describe('formatCommand guards the framing', () => {
  it('throws on a value with a TAB or a line break', () => {
    expect(() =>
      formatCommand({
        type: 'DATA UPDATE',
        table: 'USERINFO',
        user: { pin: '1', name: 'a\tb' },
      }),
    ).toThrow(/Name/)
    expect(() => formatCommand({ type: 'SHELL', command: 'ls\nreboot' })).toThrow(/lines/)
  })

  it('computes Size from the template when not given', () => {
    expect(
      formatCommand({
        type: 'DATA UPDATE',
        table: 'FINGERTMP',
        fingerprint: { pin: '1', fid: 0, valid: 1, template: 'abcde' },
      }),
    ).toBe('DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=5\tValid=1\tTMP=abcde')
  })
})
