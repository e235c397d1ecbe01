import { describe, expect, it } from 'vitest'
import { formatKeyValues, parseKeyValues, splitFields, splitRecordLines, splitTag } from './records'

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

describe('key values', () => {
  it('looks keys up case-insensitively and keeps = inside values', () => {
    const kv = parseKeyValues('Pin=7\tSIZE=3\tTMP=ab==')
    expect(kv.get('PIN')).toBe('7')
    expect(kv.get('size')).toBe('3')
    expect(kv.get('tmp')).toBe('ab==')
    expect(kv.has('name')).toBe(false)
  })
  it('round-trips', () => {
    const text = formatKeyValues([
      ['PIN', '1'],
      ['Name', 'A=B'],
      ['Card', undefined],
    ])
    expect(text).toBe('PIN=1\tName=A=B')
    expect(parseKeyValues(text).entries).toEqual([
      ['PIN', '1'],
      ['Name', 'A=B'],
    ])
  })
  it('splits the tag at the first space', () => {
    expect(splitTag('USER PIN=1\tName=A B')).toEqual({ tag: 'USER', rest: 'PIN=1\tName=A B' })
  })
})
