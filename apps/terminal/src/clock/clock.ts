/** Where the terminal reads the time; tests pass a fake, the device passes a DeviceClock. */
export interface Clock {
  now(): Date
}

/** The host's clock, read at call time so fake timers installed later take over. */
export const systemClock: Clock = { now: () => new Date() }
