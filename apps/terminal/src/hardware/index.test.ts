import { describe, expect, it } from 'vitest'
import * as hardware from './index'

describe('hardware entry point', () => {
  it('exposes the factory and helpers the runtime wires, without loading native addons', () => {
    expect(typeof hardware.createHardware).toBe('function')
    expect(typeof hardware.createFeedback).toBe('function')
    expect(hardware.uidToDecimal(Uint8Array.of(0x15, 0xcd, 0x5b, 0x07))).toBe('123456789')
    expect(Object.keys(hardware.BUZZER_PATTERNS).sort()).toEqual([
      'accepted',
      'boot',
      'command',
      'error',
      'rejected',
    ])
  })
})
