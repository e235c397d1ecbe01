import { describe, expect, it } from 'vitest'
import { parseAttlog } from './attlog'

describe('parseAttlog, lines without a TAB', () => {
  it('reads space-separated fields, the time keeping its own space', () => {
    const { records, rejected } = parseAttlog(
      '1 2026-12-01 09:01:02 0 1 0 0 0\r\n22  2026-12-01 09:05:00  1  15\n3 2026-12-01T09:06:00 0 4\n',
    )
    expect(rejected).toEqual([])
    expect(records.map((r) => [r.pin, r.time, r.status, r.verify, r.workCode])).toEqual([
      ['1', '2026-12-01 09:01:02', 0, 1, '0'],
      ['22', '2026-12-01 09:05:00', 1, 15, ''],
      ['3', '2026-12-01 09:06:00', 0, 4, ''],
    ])
  })

  it('keeps TAB lines as they are: a space inside a TAB field is not a separator', () => {
    const { records } = parseAttlog('7\t2026-12-01 09:01:02\t0\t1\t\t0\t0\n')
    expect(records.map((r) => [r.pin, r.time, r.workCode])).toEqual([
      ['7', '2026-12-01 09:01:02', ''],
    ])
  })

  it('says what is wrong with a line it cannot read, never that line breaks were lost', () => {
    const { rejected } = parseAttlog(
      '2026-12-01 09:01:02 5 0 1\n5 2026-13-01 09:01:02 0 1\n2026-12-01 09:01:02\t5\t0\t1\n',
    )
    expect(rejected.map((r) => r.reason)).toEqual([
      'no TAB between fields, and not a space-separated "PIN time …" record',
      'invalid time "2026-13-01 09:01:02"',
      'invalid time "5" in field 2 (a date is in field 1; the PIN comes first)',
    ])
  })
})
