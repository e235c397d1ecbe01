import { formatWallClock, type WallClockParts } from '@webroster/protocol'
import type { PunchStateRule } from '../config/punch-state-rule'
import type { PunchRecord } from '../store/types'

/**
 * The ATTLOG status of a punch by `pin` at device-local `wall` under `rule`. `lastOfDay` gives
 * the person's latest punch that day (for the toggle rule).
 */
export function punchStatus(
  rule: PunchStateRule,
  pin: string,
  wall: WallClockParts,
  lastOfDay: (pin: string, day: string) => PunchRecord | undefined,
): number {
  switch (rule.kind) {
    case 'fixed':
      return rule.status
    case 'time-of-day': {
      const now = formatWallClock(wall).slice(11, 16)
      // Slots are sorted; before the first slot the last one of the previous day still applies.
      let status = rule.slots[rule.slots.length - 1]?.status ?? 0
      for (const slot of rule.slots) if (slot.from <= now) status = slot.status
      return status
    }
    case 'toggle': {
      const day = formatWallClock(wall).slice(0, 10)
      const last = lastOfDay(pin, day)
      return last === undefined || last.status !== 0 ? 0 : 1
    }
  }
}
