import { describe, expect, it } from 'vitest'
import { dataBatch, joinRecordTexts, splitRecordTexts, takesMultiRecordData } from './command-batch'
import { commandEcho } from './command-echo'
import { formatCommand } from './command-format'
import { formatCommandLines, parseCommandLines } from './command-lines'
import { parseCommand } from './command-parse'
import type { Command } from './command-types'

const user = (pin: string, name: string): Command => ({
  type: 'DATA UPDATE',
  table: 'USERINFO',
  user: { pin, name, privilege: 0 },
})

describe('multi-record DATA commands', () => {
  const batch = dataBatch([user('1', 'Ann'), user('2', 'Bo Lee'), user('3', '张三')])

  it('go one record per line, the first with the verb and table, the others fields only', () => {
    expect(formatCommand(batch)).toBe(
      'DATA UPDATE USERINFO PIN=1\tName=Ann\tPri=0\nPIN=2\tName=Bo Lee\tPri=0\nPIN=3\tName=张三\tPri=0',
    )
    expect(formatCommandLines([{ id: '57', command: batch }])).toBe(
      'C:57:DATA UPDATE USERINFO PIN=1\tName=Ann\tPri=0\nPIN=2\tName=Bo Lee\tPri=0\nPIN=3\tName=张三\tPri=0\n',
    )
  })

  it('parse back to the same records, alone or among other command lines', () => {
    expect(parseCommand(formatCommand(batch))).toEqual(batch)
    const body = `C:1:INFO\r\n${formatCommandLines([{ id: '2', command: batch }])}C:3:DATA DELETE USERINFO PIN=9\nPIN=10\nC:4:CHECK\n`
    const { records, rejected } = parseCommandLines(body)
    expect(rejected).toEqual([])
    expect(records.map((r) => [r.id, r.command.type])).toEqual([
      ['1', 'INFO'],
      ['2', 'DATA BATCH'],
      ['3', 'DATA BATCH'],
      ['4', 'CHECK'],
    ])
    expect(records[1]?.command).toEqual(batch)
    expect(records[2]?.command).toEqual(
      dataBatch([
        { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '9']] },
        { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '10']] },
      ]),
    )
  })

  it('echo what one of their records echoes', () => {
    expect(commandEcho(batch)).toBe('DATA')
    const acc = dataBatch([
      { type: 'ACC DATA UPDATE', table: 'user', fields: [['Pin', '1']] },
      { type: 'ACC DATA UPDATE', table: 'user', fields: [['Pin', '2']] },
    ])
    expect(formatCommand(acc)).toBe('DATA UPDATE user Pin=1\nPin=2')
    expect(commandEcho(acc)).toBe('DATA UPDATE')
  })

  it('refuse to mix tables or verbs, and never let a record span lines', () => {
    expect(() =>
      joinRecordTexts(['DATA UPDATE USERINFO PIN=1', 'DATA UPDATE FINGERTMP PIN=1\tFID=0']),
    ).toThrow(/record 2/)
    expect(() => joinRecordTexts(['REBOOT', 'REBOOT'])).toThrow()
    expect(() => formatCommand(dataBatch([user('1', 'a\nPIN=666'), user('2', 'b')]))).toThrow(
      /Name/,
    )
  })

  it('a line that is not a record after a DATA command is rejected, not merged', () => {
    const { records, rejected } = parseCommandLines('C:1:DATA UPDATE USERINFO PIN=1\ngarbage\n')
    expect(records.map((r) => r.command.type)).toEqual(['DATA UPDATE'])
    expect(rejected.map((r) => r.line)).toEqual([2])
    expect(splitRecordTexts('INFO\nPIN=1')).toBeUndefined()
  })
})

describe('takesMultiRecordData', () => {
  it.each([
    ['2.4.1', 'att', true],
    ['2.2.14', null, true],
    [null, 'att', false],
    ['3.1.2', 'acc', false],
    ['3.0.0', 'att', false],
    ['2.4.1', 'acc', false],
  ] as const)('pushver %s, DeviceType %s → %s', (pushver, deviceType, expected) => {
    expect(takesMultiRecordData({ pushver, deviceType })).toBe(expected)
  })
})
