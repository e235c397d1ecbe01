import { formatOperlogRecord, type WallClockParts } from '@webroster/protocol'
import type { PunchStateRule } from '../config/punch-state-rule'
import { systemTimer, type Timer } from '../core/timer'
import type { Feedback } from '../feedback/feedback'
import type { Screen } from '../feedback/screen'
import type { Credential } from '../hardware/ports'
import type { Store } from '../store/store'
import type { UserRecord } from '../store/types'
import { punchStatus } from './punch-state'

/** What happened to one presented credential. */
export type PunchOutcome =
  | { outcome: 'accepted'; pin: string; punchId: number; status: number; time: string }
  | { outcome: 'duplicate'; pin?: string }
  | { outcome: 'rejected'; reason: 'unknown' | 'not-yet-valid' | 'expired'; pin?: string }

/** ATTLOG verify codes for what the sensor read. */
const VERIFY_CODE = { card: 4, finger: 1, 'finger-slot': 1 } as const

/** OPLOG op 2: verification failed. */
const OP_VERIFY_FAILED = 2

/** Repeats of a refused credential within this window are not logged again (a held card). */
const REJECT_REPEAT_MS = 3000

export interface PunchFlowOptions {
  store: Store
  clock: { wallClock(): string; wallParts(): WallClockParts }
  feedback: Pick<Feedback, 'signal'>
  /** The display: greets the person, or says why the punch was refused. */
  screen?: Pick<Screen, 'showPunch'>
  rule: PunchStateRule
  duplicateWindowMs: number
  /** Monotonic-enough time for windows, independent of server clock corrections. */
  timer?: Pick<Timer, 'now'>
  /** Called once an accepted punch is committed (the sync loop pushes it at once if Realtime=1). */
  onPunch?: (punch: Extract<PunchOutcome, { outcome: 'accepted' }>) => void
}

const credentialKey = (c: Credential): string => {
  switch (c.kind) {
    case 'card':
      return `card:${c.card}`
    case 'finger':
      return `finger:${c.pin}`
    case 'finger-slot':
      return `slot:${c.slot ?? 'none'}`
  }
}

/**
 * The punch flow: credential → local user → committed punch → feedback. It is synchronous:
 * the punch is durable before feedback starts, and nothing waits for the network.
 */
export class PunchFlow {
  readonly #o: PunchFlowOptions
  readonly #timer: Pick<Timer, 'now'>
  /** pin → when their last accepted punch happened. */
  readonly #lastAccepted = new Map<string, number>()
  /** credential → when it was last refused. */
  readonly #lastRejected = new Map<string, number>()

  constructor(options: PunchFlowOptions) {
    this.#o = options
    this.#timer = options.timer ?? systemTimer
  }

  handle(credential: Credential): PunchOutcome {
    const now = this.#timer.now()
    this.#forget(now)
    const key = credentialKey(credential)
    const user = this.#lookup(credential)
    if (!user) return this.#reject(credential, key, now, 'unknown')

    const wall = this.#o.clock.wallClock()
    const validity = validityProblem(user, wall)
    if (validity) return this.#reject(credential, key, now, validity, user.pin)

    const last = this.#lastAccepted.get(user.pin)
    if (last !== undefined && now - last < this.#o.duplicateWindowMs) {
      this.#o.feedback.signal('duplicate')
      this.#o.screen?.showPunch({ kind: 'duplicate', name: displayName(user) })
      return { outcome: 'duplicate', pin: user.pin }
    }

    const status = punchStatus(this.#o.rule, user.pin, this.#o.clock.wallParts(), (pin, day) =>
      this.#o.store.lastPunchOfDay(pin, day),
    )
    const punchId = this.#o.store.addPunch({
      pin: user.pin,
      time: wall,
      status,
      verify: VERIFY_CODE[credential.kind],
    })
    this.#lastAccepted.set(user.pin, now)
    this.#lastRejected.delete(key)
    this.#o.feedback.signal('accepted')
    this.#o.screen?.showPunch({ kind: 'accepted', name: displayName(user), status, time: wall })
    const accepted = { outcome: 'accepted', pin: user.pin, punchId, status, time: wall } as const
    this.#o.onPunch?.(accepted)
    return accepted
  }

  #lookup(credential: Credential): UserRecord | undefined {
    const { store } = this.#o
    if (credential.kind === 'card') return store.findUserByCard(credential.card)
    if (credential.kind === 'finger-slot') {
      // The sensor matched a slot; the slot table says whose finger that is.
      const owner = credential.slot === null ? undefined : store.slotOwner(credential.slot)
      return owner ? store.findUserByPin(owner.pin) : undefined
    }
    // A finger match is only as good as the template we hold for that person.
    return store.hasFingerprint(credential.pin) ? store.findUserByPin(credential.pin) : undefined
  }

  #reject(
    credential: Credential,
    key: string,
    now: number,
    reason: 'unknown' | 'not-yet-valid' | 'expired',
    pin?: string,
  ): PunchOutcome {
    const last = this.#lastRejected.get(key)
    if (last !== undefined && now - last < REJECT_REPEAT_MS) {
      return { outcome: 'duplicate', ...(pin === undefined ? {} : { pin }) }
    }
    this.#lastRejected.set(key, now)
    const value1 = pin ?? (credential.kind === 'finger' ? credential.pin : '0')
    const line = formatOperlogRecord({
      kind: 'OPLOG',
      op: OP_VERIFY_FAILED,
      operator: '0',
      time: this.#o.clock.wallClock(),
      value1,
      value2: '0',
      value3: '0',
      reserved: '0',
    })
    this.#o.store.addOplog('OPLOG', line)
    this.#o.feedback.signal('rejected')
    const known = pin === undefined ? undefined : this.#o.store.findUserByPin(pin)
    this.#o.screen?.showPunch({
      kind: 'refused',
      reason,
      credential: credential.kind === 'card' ? 'card' : 'finger',
      ...(known ? { name: displayName(known) } : {}),
    })
    return { outcome: 'rejected', reason, ...(pin === undefined ? {} : { pin }) }
  }

  /** Drops expired window entries so the maps stay small on a busy terminal. */
  #forget(now: number): void {
    if (this.#lastAccepted.size > 1000) {
      for (const [pin, at] of this.#lastAccepted) {
        if (now - at >= this.#o.duplicateWindowMs) this.#lastAccepted.delete(pin)
      }
    }
    if (this.#lastRejected.size > 1000) {
      for (const [k, at] of this.#lastRejected) {
        if (now - at >= REJECT_REPEAT_MS) this.#lastRejected.delete(k)
      }
    }
  }
}

/** The person's name, or their PIN when the server sent none. */
const displayName = (user: UserRecord): string => user.name.trim() || `#${user.pin}`

/** Start/end as stored: 'YYYY-MM-DD HH:MM:SS', or a bare date meaning the whole day. */
function validityProblem(user: UserRecord, wall: string): 'not-yet-valid' | 'expired' | null {
  const start =
    user.startAt && (user.startAt.length === 10 ? `${user.startAt} 00:00:00` : user.startAt)
  const end = user.endAt && (user.endAt.length === 10 ? `${user.endAt} 23:59:59` : user.endAt)
  if (start && wall < start) return 'not-yet-valid'
  if (end && wall > end) return 'expired'
  return null
}
