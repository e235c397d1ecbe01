/** How long to wait after consecutive failures. */
export interface BackoffPolicy {
  /** Wait after the first failure (the server's ErrorDelay). */
  baseMs: number
  /** Ceiling of the exponential growth, before jitter. */
  maxMs: number
  /** A number in [0, 1); injected so tests are deterministic. */
  random: () => number
}

/**
 * Delay before the next attempt after `failures` consecutive failures: base·2^(n-1) capped at
 * maxMs, then "equal jitter" (half fixed, half random) so a fleet that lost the server at the same
 * moment does not come back in lock-step, while no terminal retries sooner than half the delay.
 * @example backoffDelay(3, { baseMs: 1000, maxMs: 60_000, random: () => 0.5 }) // 3000
 */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return 0
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30))
  const r = Math.min(Math.max(policy.random(), 0), 1)
  return Math.round(exp / 2 + (exp / 2) * r)
}
