import { describe, expect, it } from 'vitest'
import { afterVerb } from './command-parse-data'
import {
  fieldsByKey,
  fieldValue,
  formatCommaFields,
  formatFields,
  parseCommaFields,
  parseFields,
} from './fields'

describe('TAB fields', () => {
  it('parses k=v fields, keeping = inside values and skipping a trailing TAB', () => {
    expect(parseFields('PIN=1\tName=A=B\t')).toEqual([
      ['PIN', '1'],
      ['Name', 'A=B'],
    ])
    expect(parseFields('')).toEqual([])
  })

  it('refuses a field without = or with an empty key', () => {
    expect(parseFields('PIN=1\t*')).toBeNull()
    expect(parseFields('=1')).toBeNull()
  })

  it('keeps a field without = as an empty value when reading uploads', () => {
    expect(parseFields('PIN=1\tFlag\t\tName= A', 'keep')).toEqual([
      ['PIN', '1'],
      ['Flag', ''],
      ['Name', ' A'],
    ])
  })

  it('refuses to write a value or key that would break the framing', () => {
    expect(() => formatFields([['Name', 'a\nb']])).toThrow(/Name/)
    expect(() => formatFields([['a=b', '1']])).toThrow(/key/)
    expect(() => formatFields([[' PIN', '1']])).toThrow(/key/)
  })
})

describe('comma fields', () => {
  it('splits only where the next token looks like key=', () => {
    expect(parseCommaFields('~OEMVendor=ZKTECO CO., LTD.,Delay=10')).toEqual([
      ['~OEMVendor', 'ZKTECO CO., LTD.'],
      ['Delay', '10'],
    ])
    expect(parseCommaFields('a=1,2,3')).toEqual([['a', '1,2,3']])
    expect(parseCommaFields('nokey')).toBeNull()
  })

  it('writes values with commas unless a comma would start a new key', () => {
    expect(
      formatCommaFields([
        ['a', 'x, y'],
        ['b', '2'],
      ]),
    ).toBe('a=x, y,b=2')
    expect(() => formatCommaFields([['a', 'x,b=2']])).toThrow()
  })
})

describe('helpers', () => {
  it('fieldsByKey looks keys up in any case, the last repeat winning', () => {
    const byKey = fieldsByKey([
      ['Pin', '7'],
      ['SIZE', '3'],
      ['pin', '8'],
    ])
    expect(byKey.get('pin')).toBe('8')
    expect(byKey.get('size')).toBe('3')
  })

  it('fieldValue looks keys up case-insensitively', () => {
    expect(fieldValue([['Pin', '7']], 'PIN')).toBe('7')
    expect(fieldValue([['Pin', '7']], 'FID')).toBeUndefined()
  })

  it('afterVerb needs a word boundary', () => {
    expect(afterVerb('data update X', 'DATA UPDATE')).toBe('X')
    expect(afterVerb('DATA UPDATE', 'DATA UPDATE')).toBe('')
    expect(afterVerb('DATA UPDATES X', 'DATA UPDATE')).toBeNull()
  })
})
