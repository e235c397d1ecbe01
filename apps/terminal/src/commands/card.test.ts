import { describe, expect, it } from 'vitest'
import { canonicalCard } from './card'

describe('canonicalCard', () => {
  it('stores every wire form as the UID hex the reader reports', () => {
    expect(canonicalCard('123456789')).toBe('15CD5B07')
    expect(canonicalCard('[15cd5b07]')).toBe('15CD5B07')
    expect(canonicalCard('[15CD5B0700]')).toBe('15CD5B07')
    expect(canonicalCard('04a1b2c3d4e5f6')).toBe('04A1B2C3D4E5F6')
    expect(canonicalCard('[04a1b2c3d4e5f6]')).toBe('04A1B2C3D4E5F6')
  })

  it('treats empty and zero as no card', () => {
    expect(canonicalCard('')).toBe('')
    expect(canonicalCard('0')).toBe('')
  })
})
