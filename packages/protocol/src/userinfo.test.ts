import { describe, expect, it } from 'vitest'
import { parseUserinfo } from './userinfo'

describe('parseUserinfo', () => {
  it('reads untagged PIN= rows, USER rows and USERINFO rows as users', () => {
    const body = [
      'PIN=1\tName=Ann\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0',
      'USER PIN=2\tName=Juan Pérez\tPri=14\tPasswd=123\tCard=[15CD5B07]\tGrp=1',
      'USERINFO PIN=3\tName=Bo',
      '',
    ].join('\r\n')
    const { records, rejected } = parseUserinfo(body)
    expect(rejected).toEqual([])
    expect(records.map((r) => r.kind === 'USER' && [r.pin, r.name, r.privilege])).toEqual([
      ['1', 'Ann', 0],
      ['2', 'Juan Pérez', 14],
      ['3', 'Bo', 0],
    ])
  })

  it('rejects rows without a PIN and rows of another kind, with the reason', () => {
    const { records, rejected } = parseUserinfo('Name=NoPin\nFP PIN=1\tFID=0\tTMP=AA==\nPIN=4\n')
    expect(records).toHaveLength(1)
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [1, 'missing PIN'],
      [2, 'unexpected FP record in USER table'],
    ])
  })
})
