/** Scheduling port for feedback and retries; the default reads globalThis at call time. */
export interface Timer {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

/**
 * The host's timers. Looked up on every call, not captured, so vitest's fake timers installed
 * after construction still take over.
 */
export const systemTimer: Timer = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
  now: () => Date.now(),
}

/** Resolves after `ms` on the given timer. */
export function sleep(timer: Timer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timer.setTimeout(resolve, ms)
  })
}
