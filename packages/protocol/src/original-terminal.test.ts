import { describe, expect, it } from 'vitest'
import { serializeCommand } from './command-serialize'
import { neverAcknowledges, originalTerminalForm } from './original-terminal'

describe('original Webroster terminal', () => {
  it('is recognised by its User-Agent, and nothing else is', () => {
    expect(neverAcknowledges('Mindware_bioterminal')).toBe(true)
    expect(neverAcknowledges(' mindware_bioterminal ')).toBe(true)
    expect(neverAcknowledges('python-requests/2.32.3')).toBe(false)
    expect(neverAcknowledges(undefined)).toBe(false)
    expect(neverAcknowledges(null)).toBe(false)
  })

  it('gets every restart as CONTROL DEVICE 03000000 and other commands unchanged', () => {
    expect(serializeCommand(originalTerminalForm({ type: 'REBOOT' }))).toBe(
      'CONTROL DEVICE 03000000',
    )
    expect(serializeCommand(originalTerminalForm({ type: 'RESTART' }))).toBe(
      'CONTROL DEVICE 03000000',
    )
    const user = {
      type: 'DATA UPDATE',
      table: 'USERINFO',
      user: { pin: '7', name: 'Ana' },
    } as const
    expect(originalTerminalForm(user)).toBe(user)
  })
})
