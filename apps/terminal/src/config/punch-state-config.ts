import type { ConfigReader } from './config-reader'
import { isRecord } from './config-reader'
import type { PunchStateRule } from './punch-state-rule'

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/

/** Reads `punchState`: `{kind:'fixed',status}`, `{kind:'time-of-day',slots}` or `{kind:'toggle'}`. */
export function readPunchStateRule(config: ConfigReader): PunchStateRule {
  const rule = config.nested('punchState')
  const kind = rule.oneOf('kind', undefined, ['fixed', 'time-of-day', 'toggle'] as const, 'fixed')
  if (kind === 'toggle') return { kind }
  if (kind === 'fixed') return { kind, status: rule.integer('status', undefined, 0, 0, 255) }
  const raw = rule.raw('slots')
  if (!Array.isArray(raw) || raw.length === 0) {
    rule.fail('slots', "must be a non-empty list of { from: 'HH:MM', status }")
    return { kind: 'fixed', status: 0 }
  }
  const slots = raw.flatMap((slot: unknown, i) => {
    const from = isRecord(slot) ? slot.from : undefined
    const status = isRecord(slot) ? slot.status : undefined
    if (typeof from !== 'string' || !HH_MM.test(from)) {
      rule.fail(`slots[${i}].from`, `must be 'HH:MM', got ${JSON.stringify(from)}`)
      return []
    }
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 255) {
      rule.fail(
        `slots[${i}].status`,
        `must be an integer from 0 to 255, got ${JSON.stringify(status)}`,
      )
      return []
    }
    return [{ from, status }]
  })
  return { kind, slots: slots.sort((a, b) => a.from.localeCompare(b.from)) }
}
