import { describe, expect, it } from 'vitest'
import { dayShift, nightShift } from './testing/fixtures'
import { assignToWindows, clipWindows, rawWindow } from './windows'

const H = 3_600_000
const t = (iso: string) => Date.parse(`${iso}Z`)

describe('day windows', () => {
  it('splits two overlapping scheduled windows in the middle', () => {
    // Monday night closes Tuesday 08:00; a Tuesday 07:00 shift opens at 06:00.
    const monday = rawWindow('2026-01-05', nightShift(), 'UTC')
    const tuesday = rawWindow('2026-01-06', dayShift({ start: '07:00', end: '15:00' }), 'UTC')
    const [a, b] = clipWindows([monday, tuesday])
    expect(a?.hi).toBe(t('2026-01-06T07:00:00.000'))
    expect(b?.lo).toBe(a?.hi)
  })

  it('lets a scheduled night keep its morning against the day off after it', () => {
    const friday = rawWindow('2026-01-09', nightShift(), 'UTC')
    const saturday = rawWindow('2026-01-10', null, 'UTC')
    const [a, b] = clipWindows([friday, saturday])
    expect(a?.hi).toBe(t('2026-01-10T08:00:00.000') + 1)
    expect(b?.lo).toBe(a?.hi)
    expect(b?.hi).toBe(t('2026-01-11T00:00:00.000'))
  })

  it('assigns each punch to the window holding it, in one pass', () => {
    const windows = [
      { lo: 0, hi: 10 * H },
      { lo: 12 * H, hi: 20 * H },
    ]
    const punches = [1, 11, 12, 19.9, 20].map((h, id) => ({ id, at: h * H }))
    const { inside, outside } = assignToWindows(punches, windows)
    expect(inside.map((w) => w.map((p) => p.id))).toEqual([[0], [2, 3]])
    expect(outside.map((p) => p.id)).toEqual([1, 4])
  })
})
