import { describe, expect, it } from 'vitest'
import * as hardware from './index'

describe('hardware entry point', () => {
  it('exposes the factory and helpers the runtime wires, without loading native addons', () => {
    expect(typeof hardware.createHardware).toBe('function')
    expect(typeof hardware.createFeedback).toBe('function')
    expect(hardware.uidHexFromCardNumber('123456789')).toBe('15CD5B07')
    expect(Object.keys(hardware.BUZZER_PATTERNS).sort()).toEqual([
      'accepted',
      'boot',
      'command',
      'error',
      'rejected',
    ])
  })
})
