import { describe, expect, it } from 'vitest'
import { formatAttlog, formatAttlogRecord, parseAttlog } from './attlog'

describe('parseAttlog', () => {
  it.each([
    [
      '7 doc fields',
      '1\t2024-01-01 08:00:00\t0\t1\t0\t0\t0',
      { status: 0, verify: 1, workCode: '0' },
    ],
    [
      'empty workcode + trailing TAB + CRLF (Postman sample)',
      '1\t2024-07-28 01:25:24\t0\t1\t\t0\t0\t\r\n',
      { status: 0, verify: 1, workCode: '', reserved1: '0', reserved2: '0' },
    ],
    [
      '10 fields with mask flag 255',
      '5\t2024-02-29 23:59:59\t255\t15\t0\t0\t0\t255\t0\t0',
      { status: 255, verify: 15, maskFlag: 255, temperature: '0', convTemperature: '0' },
    ],
    [
      '12 fields (V5.8)',
      '5\t2024-02-29 10:00:00\t1\t4\t\t0\t0\t0\t36.2\t97.2\t+28800\teyJ9',
      { timeOffset: '+28800', extendData: 'eyJ9', temperature: '36.2' },
    ],
    [
      '2 fields default status/verify',
      '2\t2024-01-15 07:32:00',
      { status: 0, verify: 0, workCode: '' },
    ],
    ['docs 3-field example', '2\t2024-01-15 07:32:00\t1', { status: 1, verify: 0 }],
    [
      'legacy terminal ISO time with microseconds',
      '148772\t2024-01-15T07:32:00.123456\t0\t0\t0',
      { time: '2024-01-15 07:32:00', workCode: '0' },
    ],
    [
      'ISO time without fraction',
      '9\t2024-01-15T07:32:00\t0\t0\t0',
      { time: '2024-01-15 07:32:00' },
    ],
  ])('%s', (_name, body, expected) => {
    const { records, rejected } = parseAttlog(body)
    expect(rejected).toEqual([])
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject(expected)
  })

  it('parses a multi-line CRLF body keeping order', () => {
    const body =
      '1\t2024-07-28 01:25:24\t0\t1\t\t0\t0\t\r\n1\t2024-07-28 10:41:21\t0\t1\t\t0\t0\t\r\n4\t2024-07-28 10:41:31\t0\t1\t\t0\t0\t\r\n'
    const { records } = parseAttlog(body)
    expect(records.map((r) => [r.pin, r.time])).toEqual([
      ['1', '2024-07-28 01:25:24'],
      ['1', '2024-07-28 10:41:21'],
      ['4', '2024-07-28 10:41:31'],
    ])
  })

  it.each([
    ['one field', '[object Object]', 'too few fields'],
    ['bad month', '1\t2024-13-01 08:00:00\t0\t1', 'invalid time'],
    ['not a leap year', '1\t2023-02-29 08:00:00\t0\t1', 'invalid time'],
    ['time with zone', '1\t2024-01-01T08:00:00Z\t0\t1', 'invalid time'],
    ['non-numeric status', '1\t2024-01-01 08:00:00\tin\t1', 'invalid status'],
    ['empty pin', '\t2024-01-01 08:00:00\t0\t1', 'missing PIN'],
  ])('rejects %s', (_name, body, reason) => {
    const { records, rejected } = parseAttlog(body)
    expect(records).toEqual([])
    expect(rejected[0]?.reason).toContain(reason)
    expect(rejected[0]?.line).toBe(1)
  })

  it('skips the ATTLOG header line the original Webroster terminal sends, keeping the punches after it', () => {
    const { records, rejected } = parseAttlog('ATTLOG\n148772\t2024-01-15T07:32:00.5\t0\t0\t0')
    expect(records).toHaveLength(1)
    expect(rejected).toEqual([])
  })

  it('keeps good lines when one line is bad', () => {
    const { records, rejected } = parseAttlog(
      '1\t2024-01-01 08:00:00\nxx\n2\t2024-01-01 09:00:00\n',
    )
    expect(records.map((r) => r.pin)).toEqual(['1', '2'])
    expect(rejected.map((r) => r.line)).toEqual([2])
  })

  describe('lost line breaks', () => {
    it('splits records run together after a trailing TAB', () => {
      const body = '1\t2024-01-01 08:00:00\t0\t1\t\t0\t0\t2\t2024-01-01 08:01:00\t0\t1\t\t0\t0\t'
      const { records, rejected } = parseAttlog(body)
      expect(rejected).toEqual([])
      expect(records.map((r) => [r.pin, r.time])).toEqual([
        ['1', '2024-01-01 08:00:00'],
        ['2', '2024-01-01 08:01:00'],
      ])
    })
    it('splits records joined by a space', () => {
      const body = '1\t2024-01-01 08:00:00\t0\t1\t0\t0\t0 22\t2024-01-01 08:01:00\t0\t1\t0\t0\t0'
      const { records } = parseAttlog(body)
      expect(records.map((r) => [r.pin, r.reserved2])).toEqual([
        ['1', '0'],
        ['22', '0'],
      ])
    })
    it('splits on bare CR (old line endings)', () => {
      const { records } = parseAttlog('1\t2024-01-01 08:00:00\t0\t1\r2\t2024-01-01 08:01:00\t0\t1')
      expect(records.map((r) => r.pin)).toEqual(['1', '2'])
    })
    it('rejects records fused without any separator', () => {
      const body = '1\t2024-01-01 08:00:00\t0\t1\t0\t0\t02\t2024-01-01 08:01:00\t0\t1\t0\t0\t0'
      const { records, rejected } = parseAttlog(body)
      expect(records).toEqual([])
      expect(rejected[0]?.reason).toBe(
        'a second date in field 8: records run together with no separator to split them at',
      )
    })
    it('rejects a date glued inside a field', () => {
      const { rejected } = parseAttlog('1\t2024-01-01 08:00:00\t0\t1\t0\t0\t02024-01-01 08:01:00')
      expect(rejected[0]?.reason).toContain('a second date in field 7')
    })
  })
})

describe('formatAttlog', () => {
  it('writes the 7-field doc shape, LF-terminated', () => {
    const body = formatAttlog([
      { pin: '1', time: '2024-01-01 08:00:00', status: 0, verify: 1, workCode: '0' },
      { pin: '2', time: '2024-01-01 09:00:00', status: 1, verify: 15, workCode: '' },
    ])
    expect(body).toBe(
      '1\t2024-01-01 08:00:00\t0\t1\t0\t0\t0\n2\t2024-01-01 09:00:00\t1\t15\t\t0\t0\n',
    )
  })
  it('writes optional fields up to the last present one', () => {
    const line = formatAttlogRecord({
      pin: '1',
      time: '2024-01-01 08:00:00',
      status: 0,
      verify: 1,
      workCode: '0',
      maskFlag: 1,
      convTemperature: '97.1',
    })
    expect(line).toBe('1\t2024-01-01 08:00:00\t0\t1\t0\t0\t0\t1\t\t97.1')
  })
  it('refuses values that would break the framing', () => {
    expect(() =>
      formatAttlogRecord({
        pin: '1\n2',
        time: '2024-01-01 08:00:00',
        status: 0,
        verify: 0,
        workCode: '',
      }),
    ).toThrow(RangeError)
  })
})
