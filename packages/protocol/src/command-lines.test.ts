import { describe, expect, it } from 'vitest'
import {
  type CommandLine,
  capDelivery,
  formatCommandLines,
  isValidCommandId,
  orderForDelivery,
  parseCommandLines,
} from './command-lines'

describe('formatCommandLines', () => {
  it('writes C:<id>:<cmd> lines, each LF-terminated', () => {
    const body = formatCommandLines([
      { id: '221', command: { type: 'CONTROL DEVICE', action: 1, params: [1, 1, 5] } },
      { id: 'info8487', command: { type: 'INFO' } },
    ])
    expect(body).toBe('C:221:CONTROL DEVICE 01010105\nC:info8487:INFO\n')
  })

  it('answers OK when nothing is queued', () => {
    expect(formatCommandLines([])).toBe('OK')
  })

  it('refuses an id devices would not accept', () => {
    expect(() => formatCommandLines([{ id: 'a:b', command: { type: 'INFO' } }])).toThrow(/id/)
    expect(() =>
      formatCommandLines([{ id: '12345678901234567', command: { type: 'INFO' } }]),
    ).toThrow()
  })
})

describe('parseCommandLines', () => {
  it('reads the reference example line', () => {
    const { records, rejected } = parseCommandLines(
      'C:12:DATA UPDATE USERINFO PIN=1001\tName=John\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0\tViceCard=\n',
    )
    expect(rejected).toEqual([])
    expect(records).toHaveLength(1)
    expect(records[0]?.id).toBe('12')
    expect(records[0]?.command).toMatchObject({
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: { pin: '1001' },
    })
  })

  it('treats OK alone as no commands', () => {
    expect(parseCommandLines('OK')).toEqual({ records: [], rejected: [] })
  })

  it('tolerates CRLF and keeps good lines next to bad ones', () => {
    const { records, rejected } = parseCommandLines(
      'C:1:CHECK\r\nhello\r\nC:bad id:INFO\r\nC:3:\r\nC:4:DATA DELETE USERINFO PIN=148772\r\n',
    )
    expect(records.map((r) => [r.id, r.command.type])).toEqual([
      ['1', 'CHECK'],
      ['4', 'DATA DELETE'],
    ])
    expect(rejected.map((r) => r.line)).toEqual([2, 3, 4])
    expect(rejected[1]?.reason).toMatch(/id/)
  })

  it('keeps the raw text and colons inside the command', () => {
    const { records } = parseCommandLines('C:9:Test Host Address=10.0.0.1:80')
    expect(records[0]).toEqual({
      id: '9',
      text: 'Test Host Address=10.0.0.1:80',
      command: { type: 'TEST HOST', address: '10.0.0.1:80' },
    })
  })
})

describe('isValidCommandId', () => {
  it.each([
    ['223', true],
    ['a13eeb9927464f9e', true],
    ['', false],
    ['a-b', false],
    ['a13eeb9927464f9e0', false],
  ])('%j → %s', (id, ok) => {
    expect(isValidCommandId(id)).toBe(ok)
  })
})

const line = (id: string, type: 'INFO' | 'REBOOT' | 'RESTART' | 'CHECK'): CommandLine => ({
  id,
  command: { type },
})

describe('orderForDelivery', () => {
  it('moves one restart last and holds back the others', () => {
    const out = orderForDelivery([
      line('1', 'REBOOT'),
      line('2', 'INFO'),
      { id: '3', command: { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] } },
      line('4', 'CHECK'),
      line('5', 'RESTART'),
    ])
    expect(out.map((l) => l.id)).toEqual(['2', '4', '1'])
  })

  it('keeps extra properties of the caller rows', () => {
    const rows = [{ ...line('1', 'INFO'), row: 7 }]
    expect(orderForDelivery(rows)[0]?.row).toBe(7)
  })
})

describe('capDelivery', () => {
  const lines = ['1', '2', '3', '4'].map((id) => line(id, 'INFO'))

  it('stops at the count cap', () => {
    expect(capDelivery(lines, 1000, 2).map((l) => l.id)).toEqual(['1', '2'])
  })

  it('stops before the byte cap (C:1:INFO\\n is 9 bytes)', () => {
    expect(capDelivery(lines, 27, 10)).toHaveLength(3)
    expect(capDelivery(lines, 26, 10)).toHaveLength(2)
  })

  it('always sends the first line so an oversized command cannot block the queue', () => {
    expect(capDelivery(lines, 1, 10).map((l) => l.id)).toEqual(['1'])
  })

  it('counts UTF-8 bytes', () => {
    const big = [
      { id: '1', command: { type: 'SHELL' as const, command: 'é' } },
      { id: '2', command: { type: 'SHELL' as const, command: 'e' } },
    ]
    // 'C:1:SHELL é\n' is 13 bytes, 'C:2:SHELL e\n' 12
    expect(capDelivery(big, 24, 10)).toHaveLength(1)
    expect(capDelivery(big, 25, 10)).toHaveLength(2)
  })
})
