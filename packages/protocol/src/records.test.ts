import { describe, expect, it } from 'vitest'
import { splitFields, splitRecordLines } from './records'

describe('splitRecordLines', () => {
  it('accepts LF and CRLF, drops blank lines, keeps line numbers', () => {
    expect(splitRecordLines('a\r\nb\n\n c \r\n')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 4, text: ' c ' },
    ])
  })
})

describe('splitFields', () => {
  it('keeps empty fields and ignores one trailing TAB', () => {
    expect(splitFields('1\tT\t0\t1\t\t0\t0\t')).toEqual(['1', 'T', '0', '1', '', '0', '0'])
    expect(splitFields('1\t\t')).toEqual(['1', ''])
  })
})
