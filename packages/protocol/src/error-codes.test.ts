import { describe, expect, it } from 'vitest'
import { parseErrorCode } from './error-codes'

describe('ERRORLOG codes', () => {
  it('reads origin, module and value, with the text the reference gives', () => {
    expect(parseErrorCode('D01E0001')).toEqual({
      origin: 'device',
      module: 'PUSH',
      value: 1,
      text: 'device PUSH error 1: face detection failed',
    })
    expect(parseErrorCode('S03E0042')?.text).toBe('server hardware error 42')
    expect(parseErrorCode('d09e0002')?.module).toBe('module 09')
  })

  it('leaves codes of another shape unread', () => {
    for (const code of ['', '-1002', 'D01X0001', 'D1E0001', 'ERR']) {
      expect(parseErrorCode(code), code).toBeUndefined()
    }
  })
})
