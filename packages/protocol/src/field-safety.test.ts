import { describe, expect, it } from 'vitest'
import { parseRtlog, parseTabledata } from './access'
import { formatAttlogRecord, parseAttlog } from './attlog'
import { parseAttPhoto } from './attphoto'
import { isSerialNumber, pinProblem } from './identifiers'
import { parseOperlog } from './operlog'
import { isBase64, parseInt32 } from './records'
import { parseDeviceCmdBody } from './results'

// Every value a database column cannot hold is refused here, one line at a time, so the statement that stores
// the rest of the batch never fails on content.
const reasons = (r: { rejected: Array<{ line: number; reason: string }> }) =>
  r.rejected.map((x) => [x.line, x.reason])

describe('integers beyond int32 are rejected lines', () => {
  it('ATTLOG status, verify and mask flag', () => {
    const body = [
      '1\t2024-01-15 07:00:00\t2147483648\t1',
      '2\t2024-01-15 07:00:00\t0\t99999999999999999999',
      '3\t2024-01-15 07:00:00\t0\t1\t0\t0\t0\t4294967296',
      '4\t2024-01-15 07:00:00\t2147483647\t-2147483648',
    ].join('\n')
    const parsed = parseAttlog(body)
    expect(parsed.records.map((r) => r.pin)).toEqual(['4'])
    expect(reasons(parsed)).toEqual([
      [1, 'invalid status "2147483648"'],
      [2, 'invalid verify "99999999999999999999"'],
      [3, 'invalid mask flag "4294967296"'],
    ])
  })
  it('OPERLOG Pri, FID and OPLOG operation', () => {
    const parsed = parseOperlog(
      [
        'USER PIN=1\tName=A\tPri=3000000000',
        'FP PIN=1\tFID=3000000000\tValid=1\tTMP=AAAA',
        'OPLOG 3000000000\t0\t2024-01-15 07:00:00\t0\t0\t0\t0',
        'USER PIN=2\tName=B\tPri=14',
      ].join('\n'),
    )
    expect(parsed.records).toHaveLength(1)
    expect(reasons(parsed)).toEqual([
      [1, 'invalid Pri "3000000000"'],
      [2, 'invalid FID "3000000000"'],
      [3, 'invalid OPLOG operation "3000000000"'],
    ])
  })
  it('devicecmd Return', () => {
    const parsed = parseDeviceCmdBody('ID=1&Return=2147483648&CMD=DATA\nID=2&Return=-1&CMD=DATA\n')
    expect(parsed.records.map((r) => r.id)).toEqual(['2'])
    expect(reasons(parsed)).toEqual([[1, 'result without an integer Return (2147483648)']])
  })
  it('tabledata fingerid, size, valid and privilege', () => {
    const parsed = parseTabledata(
      'templatev10',
      'templatev10 pin=1\tfingerid=99999999999\ttemplate=AAAA\ntemplatev10 pin=1\tfingerid=17\ttemplate=AAAA\n',
    )
    expect(parsed.records[0]?.template).toMatchObject({ fingerId: 1, duress: true })
    expect(reasons(parsed)).toEqual([[1, 'invalid fingerid "99999999999"']])
    const users = parseTabledata('user', 'user pin=1\tprivilege=99999999999\n')
    expect(reasons(users)).toEqual([[1, 'invalid privilege "99999999999"']])
  })
  it('rtlog event', () => {
    const parsed = parseRtlog('time=2024-01-15 07:00:00\tpin=1\tevent=99999999999\n')
    expect(reasons(parsed)).toEqual([[1, 'invalid event "99999999999"']])
  })
  it('parseInt32 keeps the whole 32-bit range', () => {
    expect([parseInt32('2147483647'), parseInt32('-2147483648'), parseInt32('+7')]).toEqual([
      2147483647, -2147483648, 7,
    ])
    expect([parseInt32('2147483648'), parseInt32('1e3'), parseInt32('')]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('PINs the API cannot address are refused at ingest', () => {
  const long = '9'.repeat(2800)
  it('in every record kind', () => {
    expect(reasons(parseAttlog(`${long}\t2024-01-15 07:00:00\t0\t1\n`))[0]?.[1]).toMatch(
      /^PIN "9{40}…" is not 1-24 ASCII letters or digits$/,
    )
    expect(reasons(parseAttlog('José\t2024-01-15 07:00:00\t0\t1\n'))).toEqual([
      [1, 'PIN "José" is not 1-24 ASCII letters or digits'],
    ])
    const operlog = parseOperlog(
      `USER PIN=${long}\tName=A\nFP PIN=a b\tFID=0\tTMP=AAAA\nIDCARD PIN=ñ\tName=X\n`,
    )
    expect(operlog.rejected.map((r) => r.reason.startsWith('PIN '))).toEqual([true, true, true])
    expect(reasons(parseTabledata('user', `user pin=${long}\n`))[0]?.[1]).toMatch(/^PIN /)
    expect(reasons(parseRtlog(`time=2024-01-15 07:00:00\tpin=${long}\tevent=0\n`))[0]?.[1]).toMatch(
      /^PIN /,
    )
    // An access event without a person stays an event.
    expect(parseRtlog('time=2024-01-15 07:00:00\tpin=0\tevent=8\n').records).toHaveLength(1)
  })
  it('is the same rule the API patterns use', () => {
    expect([pinProblem('1'), pinProblem('A'.repeat(24))]).toEqual([undefined, undefined])
    expect(pinProblem('A'.repeat(25))).toBeDefined()
    expect([isSerialNumber('CQQC2230001'), isSerialNumber('WB-IO_1')]).toEqual([true, true])
    expect([isSerialNumber('número'), isSerialNumber('a'.repeat(65)), isSerialNumber('')]).toEqual([
      false,
      false,
      false,
    ])
  })
})

describe('card numbers longer than an index row', () => {
  it('are rejected lines', () => {
    const card = '1'.repeat(3000)
    expect(reasons(parseOperlog(`USER PIN=1\tCard=${card}\n`))).toEqual([
      [1, 'card number longer than 64 characters'],
    ])
    expect(reasons(parseTabledata('user', `user pin=1\tcardno=${card}\n`))).toEqual([
      [1, 'card number longer than 64 characters'],
    ])
  })
})

describe('attendance photo file names longer than an index row', () => {
  it('are refused', () => {
    const header = new TextEncoder().encode(
      `PIN=${'9'.repeat(3000)}.jpg\nsize=1\nCMD=uploadphoto\0`,
    )
    expect(parseAttPhoto(new Uint8Array([...header, 0xff]))).toEqual({
      error: 'file name longer than 200 characters',
    })
  })
})

describe('device years outside 1970-2100', () => {
  it('are rejected, not stored as another century', () => {
    const parsed = parseAttlog(
      [
        '1\t0000-01-01 00:00:00\t0\t1',
        '2\t1969-12-31 23:59:59\t0\t1',
        '3\t2101-01-01 00:00:00\t0\t1',
        '4\t1970-01-01 00:00:00\t0\t1',
        '5\t2100-12-31 23:59:59\t0\t1',
      ].join('\n'),
    )
    expect(parsed.records.map((r) => r.pin)).toEqual(['4', '5'])
    expect(reasons(parsed)).toEqual([
      [1, 'time "0000-01-01 00:00:00" is outside the years 1970-2100'],
      [2, 'time "1969-12-31 23:59:59" is outside the years 1970-2100'],
      [3, 'time "2101-01-01 00:00:00" is outside the years 1970-2100'],
    ])
    expect(reasons(parseOperlog('OPLOG 4\t0\t1900-01-01 00:00:00\t0\t0\t0\t0\n'))[0]?.[1]).toMatch(
      /outside the years/,
    )
  })
})

describe('ATTLOG fields beyond the 12th', () => {
  it('are kept and written back', () => {
    const line = '1\t2024-01-15 07:00:00\t0\t15\t0\t0\t0\t1\t36.6\t97.9\t-21600\teyJ9\tX13\t\tX15'
    const [record] = parseAttlog(line).records
    expect(record?.more).toEqual(['X13', '', 'X15'])
    expect(record && formatAttlogRecord(record)).toBe(line)
  })
})

describe('templates and photos that are not base64', () => {
  it('are rejected lines', () => {
    const parsed = parseOperlog(
      [
        'FP PIN=1\tFID=0\tTMP=not base64!',
        'FACE PIN=1\tFID=0\tTMP=',
        'USERPIC PIN=1\tContent=%%%%',
        'BIODATA Pin=1\tType=1\tTmp=A',
        'FP PIN=1\tFID=1\tTMP=ocoYgZ6nVgEL==',
      ].join('\n'),
    )
    expect(parsed.records).toHaveLength(1)
    expect(reasons(parsed)).toEqual([
      [1, 'TMP is not base64'],
      [2, 'empty TMP'],
      [3, 'Content is not base64'],
      [4, 'Tmp is not base64'],
    ])
    const rows = parseTabledata('templatev10', 'templatev10 pin=1\tfingerid=0\ttemplate=@@\n')
    expect(reasons(rows)).toEqual([[1, 'template is not base64']])
    expect([isBase64('AAEC'), isBase64('AAE'), isBase64('AAECA')]).toEqual([true, true, false])
  })
})

describe('source lines', () => {
  it('name the line each record came from', () => {
    const parsed = parseTabledata('user', 'user pin=1\n\nbad\nuser pin=2\tname=A\rB\n')
    expect(parsed.sources?.map((s) => s.line)).toEqual([1, 4])
    expect(parsed.sources?.[1]?.text).toBe('user pin=2\tname=A\rB')
  })
})
