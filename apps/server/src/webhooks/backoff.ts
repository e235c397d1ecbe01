/** A delivery is tried this many times in all before it is marked `failed`. */
export const MAX_ATTEMPTS = 8

/** Waits after the 1st, 2nd, … failed attempt: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h (≈ 4.7 h in all). */
const SCHEDULE_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000]

/**
 * Milliseconds to wait after `failedAttempts` failures, with ±20 % jitter so receivers that come back
 * are not hit by every server at the same instant; undefined when no attempt is left.
 * @example retryDelayMs(1, () => 0.5) // 10000
 */
export function retryDelayMs(failedAttempts: number, random: () => number): number | undefined {
  if (failedAttempts < 1 || failedAttempts >= MAX_ATTEMPTS) return undefined
  const base = SCHEDULE_MS[Math.min(failedAttempts, SCHEDULE_MS.length) - 1] ?? 0
  return Math.round(base * (0.8 + 0.4 * random()))
}
