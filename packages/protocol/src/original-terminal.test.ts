import { describe, expect, it } from 'vitest'
import { formatCommand } from './command-format'
import type { Command } from './command-types'
import { neverAcknowledges, originalTerminalForm, readsStatusOnly } from './original-terminal'

describe('original Webroster terminal', () => {
  it('is recognised by its User-Agent, and nothing else is', () => {
    expect(neverAcknowledges('Mindware_bioterminal')).toBe(true)
    expect(neverAcknowledges(' mindware_bioterminal ')).toBe(true)
    expect(neverAcknowledges('python-requests/2.32.3')).toBe(false)
    expect(neverAcknowledges(undefined)).toBe(false)
    expect(neverAcknowledges(null)).toBe(false)
    expect(readsStatusOnly('Mindware_bioterminal')).toBe(true)
    expect(readsStatusOnly('iClock Proxy/1.09')).toBe(false)
  })

  it('gets every restart as CONTROL DEVICE 03000000 and user records as USERINFO updates', () => {
    const sent = (c: Command) => {
      const form = originalTerminalForm(c)
      return form && formatCommand(form)
    }
    expect(sent({ type: 'REBOOT' })).toBe('CONTROL DEVICE 03000000')
    expect(sent({ type: 'RESTART' })).toBe('CONTROL DEVICE 03000000')
    expect(sent({ type: 'DATA UPDATE', table: 'USERINFO', user: { pin: '7', name: 'Ana' } })).toBe(
      'DATA UPDATE USERINFO PIN=7\tName=Ana',
    )
    expect(sent({ type: 'DATA USER', user: { pin: '7', name: 'Ana' } })).toBe(
      'DATA UPDATE USERINFO PIN=7\tName=Ana',
    )
  })

  it('gets nothing it would ignore or misread (a delete it would turn into an upsert)', () => {
    const unsupported: Command[] = [
      { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] },
      { type: 'DATA QUERY', table: 'USERINFO', condition: [['PIN', '7']] },
      { type: 'INFO' },
      { type: 'SET OPTION', key: 'DateTime', value: '583080894' },
      { type: 'CONTROL DEVICE', action: 1, params: [1, 1, 5] },
    ]
    for (const c of unsupported) expect(originalTerminalForm(c)).toBeUndefined()
  })
})
