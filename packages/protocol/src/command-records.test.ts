import { describe, expect, it } from 'vitest'
import {
  BIODATA_SPEC,
  decodeRecord,
  decodeRecordText,
  ENROLL_MF_SPEC,
  encodeRecord,
  FINGERTMP_SPEC,
  USERINFO_SPEC,
} from './command-records'

describe('record codec', () => {
  it('encodes in spec order, then extra', () => {
    expect(
      encodeRecord(USERINFO_SPEC, { pin: '1', extra: { Category: '0' }, group: 1, name: 'A' }),
    ).toEqual([
      ['PIN', '1'],
      ['Name', 'A'],
      ['Grp', '1'],
      ['Category', '0'],
    ])
  })

  it('matches keys in any case and fills documented defaults', () => {
    expect(
      decodeRecord(BIODATA_SPEC, [
        ['PIN', '3'],
        ['TYPE', '9'],
        ['TMP', 'x'],
      ]),
    ).toEqual({
      pin: '3',
      no: 0,
      index: 0,
      valid: 1,
      duress: 0,
      type: 9,
      majorVer: 0,
      minorVer: 0,
      format: 0,
      template: 'x',
    })
  })

  it('returns null without a required key', () => {
    expect(
      decodeRecord(FINGERTMP_SPEC, [
        ['PIN', '1'],
        ['TMP', 'x'],
      ]),
    ).toBeNull()
    expect(decodeRecordText(ENROLL_MF_SPEC, 'RETRY=3')).toBeNull()
  })

  it('keeps a duplicate key and a non-canonical number in extra', () => {
    expect(
      decodeRecord(USERINFO_SPEC, [
        ['PIN', '1'],
        ['Pri', '007'],
        ['pin', '2'],
      ]),
    ).toEqual({
      pin: '1',
      extra: { Pri: '007', pin: '2' },
    })
  })

  it('derives Size from the template and leaves it out of the model when equal', () => {
    expect(
      encodeRecord(FINGERTMP_SPEC, { pin: '1', fid: 0, valid: 1, template: 'abc' }),
    ).toContainEqual(['Size', '3'])
    expect(decodeRecordText(FINGERTMP_SPEC, 'PIN=1\tFID=0\tSize=3\tTMP=abc')).toEqual({
      pin: '1',
      fid: 0,
      valid: 1,
      template: 'abc',
    })
  })
})
