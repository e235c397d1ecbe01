import { describe, expect, it } from 'vitest'
import { csvCell } from '../csv'
import { exportPage } from './export-format'

describe('CSV cells', () => {
  it('quotes commas, quotes and newlines and guards formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    for (const lead of ['+', '-', '@']) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`)
    expect(csvCell(null)).toBe('')
    expect(csvCell(42)).toBe('42')
  })

  it('writes JSON pages that join into one array', () => {
    const row = {
      id: 1,
      pin: '1',
      personName: null,
      sn: 'S',
      deviceName: null,
      status: 0,
      verify: 1,
      localTime: '2024-01-01 00:00:00',
      punchedAt: new Date(0),
      source: 'device',
      note: null,
    }
    const text = `[${exportPage('json', [row], true)}${exportPage('json', [row, row], false)}]`
    expect(JSON.parse(text)).toHaveLength(3)
  })
})
