/** Token buckets in memory, per admitted device or source address: `rate` requests per second, bursts up to `rate`. */
export class DeviceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly rate: number) {}

  /** Takes one token for `key`; false when that key is over its rate. */
  take(key: string, nowMs: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.rate, at: nowMs }
    b.tokens = Math.min(this.rate, b.tokens + ((nowMs - b.at) / 1000) * this.rate)
    b.at = nowMs
    const ok = b.tokens >= 1
    if (ok) b.tokens -= 1
    this.buckets.set(key, b)
    // Idle devices' full buckets carry no information: drop them so the map stays bounded.
    if (this.buckets.size > 100_000) this.prune(nowMs)
    return ok
  }

  private prune(nowMs: number): void {
    for (const [k, b] of this.buckets) if (nowMs - b.at > 10_000) this.buckets.delete(k)
  }
}
