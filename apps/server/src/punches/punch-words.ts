import type { punches } from '../db/schema'

/** ATTLOG punch states (protocol reference §12.2), in words for reports and webhooks. */
const PUNCH_STATES: Record<number, string> = {
  0: 'check-in',
  1: 'check-out',
  2: 'break-out',
  3: 'break-in',
  4: 'overtime-in',
  5: 'overtime-out',
  8: 'meal-start',
  9: 'meal-end',
  255: 'none',
}

/** Verification modes (protocol reference §12.3). */
const VERIFY_MODES: Record<number, string> = {
  0: 'any',
  1: 'fingerprint',
  2: 'user-id',
  3: 'password',
  4: 'card',
  5: 'fingerprint or password',
  6: 'fingerprint or card',
  7: 'card or password',
  8: 'user-id + fingerprint',
  9: 'fingerprint + password',
  10: 'card + fingerprint',
  11: 'card + password',
  12: 'fingerprint + password + card',
  13: 'user-id + fingerprint + password',
  14: 'user-id + fingerprint or card + fingerprint',
  15: 'face',
  16: 'face + fingerprint',
  17: 'face + password',
  18: 'face + card',
  19: 'face + fingerprint + card',
  20: 'face + fingerprint + password',
  21: 'finger vein',
  22: 'finger vein + password',
  23: 'finger vein + card',
  24: 'finger vein + password + card',
  25: 'palm',
  26: 'palm + card',
  27: 'palm + face',
  28: 'palm + fingerprint',
  29: 'palm + fingerprint + face',
  200: 'other',
}

/**
 * A punch state in words; unknown codes read as `state <n>` rather than vanish.
 * @example punchStateName(1) // 'check-out'
 */
export function punchStateName(status: number): string {
  return PUNCH_STATES[status] ?? `state ${status}`
}

/**
 * A verification mode in words; unknown codes read as `mode <n>`.
 * @example verifyModeName(15) // 'face'
 */
export function verifyModeName(verify: number): string {
  return VERIFY_MODES[verify] ?? `mode ${verify}`
}

/** A punch as the API and webhooks show it: codes and their words, both times. */
export function publicPunch(p: typeof punches.$inferSelect) {
  return {
    id: p.id,
    sn: p.sn,
    pin: p.pin,
    localTime: p.localTime,
    punchedAt: p.punchedAt.toISOString(),
    status: p.status,
    state: punchStateName(p.status),
    verify: p.verify,
    verifyMode: verifyModeName(p.verify),
    workCode: p.workCode,
    source: p.source,
    createdBy: p.createdBy,
    note: p.note,
  }
}
