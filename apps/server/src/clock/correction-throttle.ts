/** An automatic clock correction is not queued again for a device within this of the last one. */
export const CLOCK_CORRECTION_INTERVAL_MS = 10 * 60_000

/**
 * Per device, when this process last queued (or saw complete) a set-time: a throttle only, so a device that
 * ignores the command is not sent one per poll. Across processes the commands table's partial unique index
 * (`commands_one_pending_set_time_idx`) keeps at most one set-time pending per device.
 */
export class ClockCorrectionThrottle {
  private readonly last = new Map<string, number>()

  constructor(private readonly intervalMs = CLOCK_CORRECTION_INTERVAL_MS) {}

  /** Whether a correction may be queued for `sn` at `nowMs`; if so, it counts as queued from now. */
  take(sn: string, nowMs: number): boolean {
    const last = this.last.get(sn)
    if (last !== undefined && nowMs - last < this.intervalMs) return false
    this.last.set(sn, nowMs)
    return true
  }

  /** A set-time for `sn` completed (automatic or an operator's): hold automatic ones off from then. */
  noteCompleted(sn: string, nowMs: number): void {
    this.last.set(sn, nowMs)
  }
}
