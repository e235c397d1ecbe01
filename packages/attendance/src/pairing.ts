/**
 * Which punches are a day's check-in and check-out, and how much of the time between them is work and break.
 * first-last: the first punch of the check-in window that is not an 'out', and the last of the check-out window
 * that is not an 'in' (so 255-state terminals get first in / last out whatever alternation says); pairs: the first
 * 'in' and last 'out' of those windows, and the time at work is the sum of in → out pairs.
 */
import type { EnginePunch, Shift } from './model'
import { resolveDirections } from './punches'
import type { ShiftTimes } from './windows'

const MINUTE_MS = 60_000

/** A day's pairing result, durations in milliseconds. */
export interface Pairing {
  checkIn: EnginePunch | null
  checkOut: EnginePunch | null
  workedMs: number
  breakMs: number
}

/**
 * The check-in and check-out of a day's sorted, deduplicated punches, and the worked and break time between them
 * (both zero unless both exist).
 * @example pairDay([{ id: 1, at: nine, direction: 'in' }, { id: 2, at: five, direction: 'out' }], shift, times).checkOut?.id // 2
 */
export function pairDay(punches: readonly EnginePunch[], shift: Shift, times: ShiftTimes): Pairing {
  const directions = resolveDirections(punches)
  const byState = shift.pairing === 'pairs'
  const canBeIn = (i: number) =>
    byState ? directions[i] === 'in' : (punches[i] as EnginePunch).direction !== 'out'
  const canBeOut = (i: number) =>
    byState ? directions[i] === 'out' : (punches[i] as EnginePunch).direction !== 'in'

  let inIndex = -1
  for (let i = 0; i < punches.length; i++) {
    const at = (punches[i] as EnginePunch).at
    if (at > times.checkInTo) break
    if (at >= times.checkInFrom && canBeIn(i)) {
      inIndex = i
      break
    }
  }
  let outIndex = -1
  for (let i = punches.length - 1; i > inIndex; i--) {
    const at = (punches[i] as EnginePunch).at
    if (at < times.checkOutFrom) break
    if (at <= times.checkOutTo && canBeOut(i)) {
      outIndex = i
      break
    }
  }
  const checkIn = punches[inIndex] ?? null
  const checkOut = punches[outIndex] ?? null
  if (checkIn === null || checkOut === null) return { checkIn, checkOut, workedMs: 0, breakMs: 0 }

  // Out → in gaps strictly inside the span, and (for pairs) the in → out stretches.
  let gapsMs = 0
  let pairedMs = 0
  let openIn: number | null = null
  let lastOut: number | null = null
  for (let i = inIndex; i <= outIndex; i++) {
    const at = (punches[i] as EnginePunch).at
    const d = i === inIndex ? 'in' : i === outIndex ? 'out' : directions[i]
    if (d === 'in') {
      if (lastOut !== null) gapsMs += at - lastOut
      lastOut = null
      openIn ??= at
    } else {
      if (openIn !== null) pairedMs += at - openIn
      openIn = null
      lastOut ??= at
    }
  }
  const spanMs = checkOut.at - checkIn.at
  const grossMs = byState ? pairedMs : spanMs
  const breakMs =
    shift.breakRule.kind === 'pairs'
      ? gapsMs
      : Math.min(shift.breakRule.minutes * MINUTE_MS, grossMs)
  const workedMs = shift.breakRule.kind === 'pairs' && byState ? grossMs : grossMs - breakMs
  return { checkIn, checkOut, workedMs: Math.max(0, workedMs), breakMs }
}
