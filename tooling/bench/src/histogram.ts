/**
 * Latency histogram with logarithmic buckets (1 % wide), so per-worker histograms merge exactly and
 * a run of millions of requests costs a few kilobytes instead of one number per request.
 */

const GROWTH = 1.01
const LOG_GROWTH = Math.log(GROWTH)
/** Microseconds below this share bucket 0 */
const MIN_US = 1

/** Serialisable form: bucket index → count, only non-empty buckets. */
export type HistogramData = Record<string, number>

export class LatencyHistogram {
  private readonly counts = new Map<number, number>()
  private total = 0
  private maxMs = 0

  /** Adds one latency in milliseconds. */
  record(ms: number): void {
    const bucket = bucketOf(ms)
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1)
    this.total++
    if (ms > this.maxMs) this.maxMs = ms
  }

  get count(): number {
    return this.total
  }

  get max(): number {
    return this.maxMs
  }

  /** Adds every sample of another histogram. */
  merge(other: LatencyHistogram): void {
    for (const [bucket, n] of other.counts)
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + n)
    this.total += other.total
    if (other.maxMs > this.maxMs) this.maxMs = other.maxMs
  }

  /** Latency (ms) at or below which `p` percent of samples fall; upper edge of the bucket, ≤ 1 % high. */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN
    const rank = Math.max(1, Math.ceil((p / 100) * this.total))
    let seen = 0
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket) ?? 0
      if (seen >= rank) return Math.min(upperEdgeMs(bucket), this.maxMs)
    }
    return this.maxMs
  }

  toJSON(): { counts: HistogramData; max: number } {
    const counts: HistogramData = {}
    for (const [bucket, n] of this.counts) counts[String(bucket)] = n
    return { counts, max: this.maxMs }
  }

  static fromJSON(data: { counts: HistogramData; max: number }): LatencyHistogram {
    const h = new LatencyHistogram()
    for (const [bucket, n] of Object.entries(data.counts)) {
      h.counts.set(Number(bucket), n)
      h.total += n
    }
    h.maxMs = data.max
    return h
  }
}

function bucketOf(ms: number): number {
  const us = ms * 1000
  if (us <= MIN_US) return 0
  return Math.ceil(Math.log(us / MIN_US) / LOG_GROWTH)
}

function upperEdgeMs(bucket: number): number {
  return (MIN_US * GROWTH ** bucket) / 1000
}

/** Nearest-rank percentile of an ascending array (exact; for small samples and as a reference). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN
}
