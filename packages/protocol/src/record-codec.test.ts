import { describe, expect, it } from 'vitest'
import { formatCommand } from './command-format'
import { parseCommand } from './command-parse'
import { parseOperlogLine } from './operlog'
import { formatRecordFields, parseRecordFields, parseRecordText } from './record-codec'
import { BIODATA_SPEC, ENROLL_MF_SPEC, FP_SPEC, USER_SPEC } from './wire-records'

describe('record codec', () => {
  it('encodes in spec order, then extra', () => {
    expect(
      formatRecordFields(USER_SPEC, { pin: '1', extra: { Category: '0' }, group: 1, name: 'A' }),
    ).toEqual([
      ['PIN', '1'],
      ['Name', 'A'],
      ['Grp', '1'],
      ['Category', '0'],
    ])
  })

  it('matches keys in any case and fills documented defaults', () => {
    expect(
      parseRecordFields(BIODATA_SPEC, [
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
      majorVer: '',
      minorVer: '',
      format: 0,
      template: 'x',
    })
  })

  it('returns null without a required key', () => {
    expect(
      parseRecordFields(FP_SPEC, [
        ['PIN', '1'],
        ['TMP', 'x'],
      ]),
    ).toBeNull()
    expect(parseRecordText(ENROLL_MF_SPEC, 'RETRY=3')).toBeNull()
  })

  it('keeps a duplicate key and a non-canonical number in extra', () => {
    expect(
      parseRecordFields(USER_SPEC, [
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
      formatRecordFields(FP_SPEC, { pin: '1', fid: 0, valid: 1, template: 'abc' }),
    ).toContainEqual(['Size', '3'])
    expect(parseRecordText(FP_SPEC, 'PIN=1\tFID=0\tSize=3\tTMP=abc')).toEqual({
      pin: '1',
      fid: 0,
      valid: 1,
      template: 'abc',
    })
  })
})

describe('one spec for both directions', () => {
  it('an uploaded BIODATA goes back out as the same command record, MajorVer as sent', () => {
    const upload =
      'BIODATA Pin=4\tNo=0\tIndex=1\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0\tTmp=AQID'
    const r = parseOperlogLine(upload)
    if (typeof r === 'string' || r.kind !== 'BIODATA') throw new Error(String(r))
    const { kind: _, ...bio } = r
    const text = formatCommand({ type: 'DATA UPDATE', table: 'BIODATA', bio })
    expect(text).toBe(`DATA UPDATE ${upload}`)
    expect(parseCommand(text)).toEqual({ type: 'DATA UPDATE', table: 'BIODATA', bio })
  })

  it('an uploaded USER reads Grp and Verify as numbers, as a command does', () => {
    const r = parseOperlogLine('USER PIN=1\tName=Ann\tGrp=2\tVerify=-1')
    expect(r).toMatchObject({ kind: 'USER', group: 2, verify: -1 })
    expect(parseCommand('DATA UPDATE USERINFO PIN=1\tGrp=2\tVerify=-1')).toMatchObject({
      user: { group: 2, verify: -1 },
    })
  })
})
