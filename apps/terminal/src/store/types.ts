/** A person known to this terminal, as pushed by the server (`DATA UPDATE USERINFO`) or enrolled locally. */
export interface UserRecord {
  pin: string
  name: string
  /** ZK `Pri`: 0 user, 2 enroller, 6 admin, 14 super admin. */
  privilege: number
  password: string
  /** Card number as the server sends it (decimal or `[hex]`); empty when the person has no card. */
  card: string
  group: number
  /** ZK verify mode; -1 means the group default. */
  verify: number
  /** Validity window as device-local 'YYYY-MM-DD HH:MM:SS'; null means unlimited. */
  startAt: string | null
  endAt: string | null
  /** ISO instant of the last local write. */
  updatedAt: string
}

/** Input for `upsertUser`: only `pin` is required; missing fields keep ZK defaults. */
export type UserInput = Pick<UserRecord, 'pin'> & Partial<Omit<UserRecord, 'pin' | 'updatedAt'>>

export type TemplateKind = 'fp' | 'face' | 'biodata'

/** A biometric template; `no` is the finger (FID) or item number, `index` the n-th sample of it. */
export interface TemplateRecord {
  pin: string
  kind: TemplateKind
  no: number
  index: number
  valid: number
  /** BIODATA `Type` (1 fingerprint, 2 face, ...); 1 for plain FP records. */
  type: number
  majorVer: number
  minorVer: number
  format: number
  /** Base64 template data, kept exactly as received. */
  template: string
}

export type TemplateInput = Pick<TemplateRecord, 'pin' | 'kind' | 'no' | 'template'> &
  Partial<Omit<TemplateRecord, 'pin' | 'kind' | 'no' | 'template'>>

/** One attendance record (an ATTLOG line once uploaded). */
export interface PunchRecord {
  id: number
  pin: string
  /** Device-local wall clock, 'YYYY-MM-DD HH:MM:SS'. */
  time: string
  status: number
  verify: number
  workcode: string
  /** ISO instant the punch was committed. */
  createdAt: string
  sentAt: string | null
  batchId: string | null
}

export type PunchInput = Pick<PunchRecord, 'pin' | 'time' | 'status' | 'verify'> & {
  workcode?: string
}

/** One OPERLOG sub-record waiting for upload, e.g. `OPLOG 2\t0\t…` or `FP PIN=…`. */
export interface OperlogEntry {
  id: number
  /** The record tag: 'OPLOG', 'USER', 'FP', 'BIODATA', ... */
  kind: string
  line: string
  createdAt: string
  sentAt: string | null
}

/** A server command as journaled by the terminal. */
export interface JournalEntry {
  id: string
  command: string
  receivedAt: string
  /** The devicecmd result line (`ID=…&Return=…&CMD=…`), null until executed. */
  result: string | null
  executedAt: string | null
  ackedAt: string | null
}

/**
 * What `journalReceive` tells the executor: run a new (or never finished) command, or skip a
 * command whose result is already journaled — that result is queued for sending again.
 */
export type JournalReceipt = { status: 'execute' } | { status: 'done'; result: string }
