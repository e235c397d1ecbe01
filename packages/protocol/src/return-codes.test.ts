import { describe, expect, it } from 'vitest'
import {
  isSuccessReturn,
  RETURN_ENROLL_DUPLICATE,
  RETURN_NOT_SUPPORTED,
  RETURN_PENDING_SUBCONTROLLER,
  returnCodeMeaning,
} from './return-codes'

describe('returnCodeMeaning', () => {
  it.each<[number, string | undefined, RegExp]>([
    [0, 'DATA', /^success$/],
    [RETURN_NOT_SUPPORTED, undefined, /not supported/],
    [-10, 'DATA', /PIN not on the device/],
    [RETURN_PENDING_SUBCONTROLLER, 'CONTROL DEVICE', /sub-controller/],
    [RETURN_ENROLL_DUPLICATE, 'ENROLL_FP', /duplicate/],
    [5, 'ENROLL_MF', /timeout/],
    [-3, 'ENROLL_MF', /card access/],
    [-3, 'DATA', /read\/write/],
    [2048, 'PutFile', /success \(2048\)/],
    [-77, undefined, /unknown error -77/],
  ])('%i (%s)', (code, cmd, meaning) => {
    expect(returnCodeMeaning(code, cmd)).toMatch(meaning)
  })
})

describe('isSuccessReturn', () => {
  it('attendance: only 0, except counting commands', () => {
    expect(isSuccessReturn(0)).toBe(true)
    expect(isSuccessReturn(1)).toBe(false)
    expect(isSuccessReturn(-1002, 'att')).toBe(false)
    expect(isSuccessReturn(2048, 'att', 'PutFile')).toBe(true)
    expect(isSuccessReturn(-1, 'att', 'GetFile')).toBe(false)
  })

  it('security: any value ≥ 0', () => {
    expect(isSuccessReturn(12, 'acc')).toBe(true)
    expect(isSuccessReturn(0, 'acc')).toBe(true)
    expect(isSuccessReturn(RETURN_PENDING_SUBCONTROLLER, 'acc')).toBe(false)
  })
})
