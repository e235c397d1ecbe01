import { describe, expect, it } from 'vitest'
import {
  formatOperlog,
  formatOperlogRecord,
  type OperlogRecord,
  parseBiodata,
  parseErrorlog,
  parseIdcard,
  parseOperlog,
} from './operlog'

describe('parseOperlog', () => {
  it.each<[string, string, Partial<OperlogRecord>]>([
    [
      'tagged OPLOG (Postman sample)',
      'OPLOG 6\t0\t2024-06-13 12:55:41\t1\t0\t0\t906\r\n',
      { kind: 'OPLOG', op: 6, operator: '0', value1: '1', reserved: '906' },
    ],
    [
      'legacy untagged OPLOG',
      '70\t0\t2024-08-05 16:08:50\t1157\t0\t0\t0',
      { kind: 'OPLOG', op: 70, time: '2024-08-05 16:08:50', value1: '1157' },
    ],
    [
      'USER with newer validity keys',
      'USER PIN=1001\tName=Juan Pérez\tPri=14\tPasswd=\tCard=[15CD5B07]\tGrp=1\tTZ=0000000000000000\tVerify=-1\tViceCard=\tStartDatetime=0\tEndDatetime=0',
      {
        kind: 'USER',
        pin: '1001',
        name: 'Juan Pérez',
        privilege: 14,
        card: '[15CD5B07]',
        group: 1,
        verify: -1,
        startDatetime: '0',
      },
    ],
    [
      'FP (Postman sample)',
      'FP PIN=1\tFID=0\tSize=440\tValid=1\tTMP=ocoYgZ6nVgEL==\r\n',
      { kind: 'FP', pin: '1', fid: 0, size: 440, valid: 1, template: 'ocoYgZ6nVgEL==' },
    ],
    [
      'FACE with upper-case keys',
      'FACE PIN=2\tFID=0\tSIZE=8\tVALID=1\tTMP=QUJDRA==',
      { kind: 'FACE', pin: '2', size: 8, template: 'QUJDRA==' },
    ],
    [
      'FVEIN with Pin/Tmp spelling',
      'FVEIN Pin=3\tFID=1\tIndex=2\tValid=1\tSize=4\tTmp=AAAA',
      { kind: 'FVEIN', pin: '3', fid: 1, index: 2 },
    ],
    [
      'BIODATA',
      'BIODATA Pin=4\tNo=0\tIndex=1\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0\tTmp=AQID',
      { kind: 'BIODATA', pin: '4', type: 9, index: 1, majorVer: '58', template: 'AQID' },
    ],
    [
      'USERPIC',
      'USERPIC PIN=5\tFileName=5.jpg\tSize=4\tContent=/9j/',
      { kind: 'USERPIC', fileName: '5.jpg', size: 4, content: '/9j/' },
    ],
    [
      'BIOPHOTO without No/Index',
      'BIOPHOTO PIN=6\tFileName=6.jpg\tType=9\tSize=4\tContent=/9j/',
      { kind: 'BIOPHOTO', type: 9, size: 4 },
    ],
    [
      'ERRORLOG',
      'ERRORLOG ErrCode=D01E0001\tErrMsg=face detection failed\tDataOrigin=dev\tCmdId=\tAdditional=e30=',
      { kind: 'ERRORLOG', errCode: 'D01E0001', dataOrigin: 'dev', additional: 'e30=' },
    ],
    [
      'IDCARD',
      'IDCARD PIN=7\tSNNum=1\tIDNum=42\tName=Li',
      { kind: 'IDCARD', pin: '7', fields: { SNNum: '1', IDNum: '42', Name: 'Li' } },
    ],
    [
      'lower-case keys',
      'FP pin=8\tfid=3\tsize=2\tvalid=3\ttmp=AA',
      { kind: 'FP', pin: '8', fid: 3, valid: 3 },
    ],
  ])('%s', (_name, body, expected) => {
    const { records, rejected } = parseOperlog(body)
    expect(rejected).toEqual([])
    expect(records[0]).toMatchObject(expected)
  })

  it('fills a missing Size from the template length', () => {
    const r = parseOperlog('FP PIN=1\tFID=0\tTMP=abcdef').records[0]
    expect(r).toMatchObject({ size: 6, valid: 1 })
  })

  it.each([
    ['unknown tag', 'FOO PIN=1', 'unknown record tag'],
    ['missing PIN', 'USER Name=Ann', 'missing PIN'],
    ['missing FID', 'FP PIN=1\tTMP=AA', 'missing FID'],
    ['missing template', 'FACE PIN=1\tFID=0', 'missing TMP'],
    ['bad number', 'FP PIN=1\tFID=x\tTMP=AA', 'invalid FID'],
    ['bad OPLOG time', 'OPLOG 4\t0\tyesterday\t0', 'invalid OPLOG time'],
  ])('rejects %s without failing the batch', (_name, line, reason) => {
    const { records, rejected } = parseOperlog(
      `OPLOG 4\t0\t2024-06-13 12:44:02\t0\t0\t0\t0\n${line}\n`,
    )
    expect(records).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toMatchObject({ line: 2, text: line })
    expect(rejected[0]?.reason).toContain(reason)
  })
})

describe('table-specific parsers', () => {
  it('accepts untagged BIODATA rows and refuses other tags', () => {
    const { records, rejected } = parseBiodata(
      'Pin=1\tNo=0\tType=1\tTmp=AA==\nBIODATA Pin=2\tType=9\tTmp=BB==\nUSER PIN=3',
    )
    expect(records.map((r) => r.kind === 'BIODATA' && r.pin)).toEqual(['1', '2'])
    expect(rejected[0]?.reason).toContain('unexpected USER')
  })
  it('parses ERRORLOG and IDCARD tables', () => {
    expect(parseErrorlog('ErrCode=S01E0002\tErrMsg=x').records[0]).toMatchObject({
      errCode: 'S01E0002',
    })
    expect(parseIdcard('IDCARD PIN=9\tIDNum=1').records[0]).toMatchObject({ pin: '9' })
  })
})

describe('formatOperlog', () => {
  it('uses the doc key spellings per tag, in the order of the one spec', () => {
    const records: OperlogRecord[] = [
      { kind: 'FACE', pin: '1', fid: 0, size: 4, valid: 1, template: 'AA==' },
      { kind: 'FVEIN', pin: '1', fid: 0, index: 0, valid: 1, size: 4, template: 'AA==' },
      { kind: 'BIOPHOTO', pin: '1', fileName: '1.jpg', type: 9, size: 4, content: 'AA==' },
    ]
    expect(formatOperlog(records)).toBe(
      'FACE PIN=1\tFID=0\tVALID=1\tSIZE=4\tTMP=AA==\n' +
        'FVEIN Pin=1\tFID=0\tIndex=0\tValid=1\tSize=4\tTmp=AA==\n' +
        'BIOPHOTO PIN=1\tFileName=1.jpg\tType=9\tSize=4\tContent=AA==\n',
    )
  })
  it('writes the USER record like firmware does', () => {
    const line = formatOperlogRecord({
      kind: 'USER',
      pin: '1',
      name: 'Ann',
      privilege: 0,
      password: '',
      card: '',
      group: 1,
      timeZones: '0000000000000000',
      verify: 0,
      viceCard: '',
    })
    expect(line).toBe(
      'USER PIN=1\tName=Ann\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0\tViceCard=',
    )
  })
  it('refuses values that would break the framing', () => {
    expect(() =>
      formatOperlogRecord({
        kind: 'ERRORLOG',
        errCode: 'x',
        errMsg: 'a\tb',
        dataOrigin: '',
        cmdId: '',
        additional: '',
      }),
    ).toThrow(RangeError)
  })
})
