import { isIPv4, isIPv6 } from 'node:net'
import { LOG_LEVELS, type LogLevel } from '@webroster/log'
import { isTimeZone } from '@webroster/protocol'
import { ConfigError } from './errors'

export type AdmissionMode = 'open' | 'approve' | 'token'

export interface ServerConfig {
  port: number
  host: string
  /** Port of the lenient listener for firmware that sends raw spaces in request lines; unset: none */
  legacyPort?: number
  databaseUrl?: string
  /** Postgres connections this process opens at most (several processes share the database's limit) */
  databasePoolSize: number
  pgliteDir: string
  /** Bearer token for /api; generated on first start when unset */
  adminToken?: string
  admission: AdmissionMode
  logLevel: LogLevel
  /** IANA zone for devices that have none of their own */
  defaultTimeZone: string
  /**
   * Name of the default group a site gets at first start (new devices and new people without groups join it);
   * empty: the rule starts switched off. Read once: afterwards the stored setting (`PUT /api/settings`) rules
   */
  defaultGroup: string
  /** Seconds between a terminal's polls (handshake `Delay`) */
  pollDelaySeconds: number
  /** Seconds a terminal waits after a failed request (handshake `ErrorDelay`) */
  errorDelaySeconds: number
  /** A sent command with no result after this many seconds is delivered again */
  commandRedeliverySeconds: number
  /** A command delivered this many times without a result fails (`no-result`) */
  commandMaxDeliveries: number
  /** A command not completed after this many hours is expired */
  commandMaxAgeHours: number
  /** Largest request body accepted from a terminal or the API */
  maxBodyBytes: number
  /** Requests per second one admitted device, or one source address before admission, may make */
  deviceRateLimit: number
  /** Proxies (addresses, CIDR ranges) whose `X-Forwarded-For` names the client; none by default */
  trustedProxies: string[]
  /** Most devices pending approval at once: unknown serials beyond it are not registered */
  maxPendingDevices: number
  /** A pending device that has not knocked for this many hours is forgotten */
  pendingDeviceTtlHours: number
  /** Clock skew (seconds, either way) beyond which a device gets an automatic set-time; 0 disables */
  clockSyncThresholdSeconds: number
  /** Webhooks may go to loopback, private and link-local addresses (a receiver on the same network) */
  webhookAllowPrivate: boolean
  /**
   * Milliseconds within which a terminal hears 503 when Postgres has gone silent (a ping that does not come back):
   * a terminal gives up after about 10 s, so an outage must be reported well before
   */
  deviceDbTimeoutMs: number
  /** A console session ends this many hours after sign-in, however active */
  sessionHours: number
  /** A console session unused for this many minutes ends */
  sessionIdleMinutes: number
  /**
   * Months of punches kept before the current one (by the devices' wall clock); older months are dropped whole,
   * except those a locked timesheet period needs. 0 keeps everything
   */
  punchRetentionMonths: number
  /** Folder of the built console served at `/`; unset: the console app's `dist` beside the server */
  consoleDir?: string
  /** Failed sign-ins to one account within `loginLockoutMinutes` that lock it (an address gets four times as many) */
  loginMaxFailures: number
  /** Minutes failures are counted over, and how long a lock lasts */
  loginLockoutMinutes: number
  /** Milliseconds between the timesheet worker's looks at its queue when it is empty */
  timesheetIntervalMs: number
}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return n
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  }
  return raw as T
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw new ConfigError(`${name} must be true or false, got "${raw}"`)
}

function timeZone(env: Env, name: string, fallback: string): string {
  const zone = env[name] || fallback
  if (!isTimeZone(zone)) {
    throw new ConfigError(`${name} must be an IANA time zone such as Europe/Madrid, got "${zone}"`)
  }
  return zone
}

/** Whether `entry` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/')
  if (extra !== undefined) return false
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1
  if (max < 0) return false
  if (prefix === undefined) return true
  const n = Number(prefix)
  return /^\d+$/.test(prefix) && n <= max
}

function addressList(env: Env, name: string): string[] {
  const entries = (env[name] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
  const bad = entries.find((e) => !isAddressOrRange(e))
  if (bad !== undefined) {
    throw new ConfigError(
      `${name} must be a comma list of IP addresses or CIDR ranges, got "${bad}"`,
    )
  }
  return entries
}

/** A group name (trimmed, at most 100 characters, as the API allows), or empty for none. */
function groupName(env: Env, name: string, fallback: string): string {
  const value = (env[name] ?? fallback).trim()
  if (value.length > 100) throw new ConfigError(`${name} must be at most 100 characters`)
  return value
}

/** Reads and validates the server's environment; throws ConfigError with a clear message. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`)
  }
  const adminToken = env.ADMIN_TOKEN || undefined
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters')
  }
  const port = int(env, 'PORT', 8081, 0, 65535)
  const legacyPort = env.LEGACY_PORT ? int(env, 'LEGACY_PORT', 0, 1, 65535) : undefined
  if (legacyPort !== undefined && legacyPort === port) {
    throw new ConfigError(`LEGACY_PORT must differ from PORT (${port})`)
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    ...(legacyPort !== undefined ? { legacyPort } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 2, 500),
    pgliteDir: env.PGLITE_DIR || '.data/pglite',
    ...(adminToken ? { adminToken } : {}),
    admission: oneOf(env, 'DEVICE_ADMISSION', ['open', 'approve', 'token'] as const, 'approve'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    defaultTimeZone: timeZone(env, 'TZ_DEFAULT', Intl.DateTimeFormat().resolvedOptions().timeZone),
    defaultGroup: groupName(env, 'DEFAULT_GROUP', 'everyone'),
    pollDelaySeconds: int(env, 'POLL_DELAY_SECONDS', 10, 1, 3600),
    errorDelaySeconds: int(env, 'ERROR_DELAY_SECONDS', 30, 1, 3600),
    commandRedeliverySeconds: int(env, 'COMMAND_REDELIVERY_SECONDS', 120, 1, 86400),
    commandMaxDeliveries: int(env, 'COMMAND_MAX_DELIVERIES', 3, 1, 1000),
    commandMaxAgeHours: int(env, 'COMMAND_MAX_AGE_HOURS', 168, 1, 8760),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 16 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    deviceRateLimit: int(env, 'DEVICE_RATE_LIMIT', 50, 1, 100000),
    trustedProxies: addressList(env, 'TRUSTED_PROXIES'),
    maxPendingDevices: int(env, 'MAX_PENDING_DEVICES', 1000, 0, 1_000_000),
    pendingDeviceTtlHours: int(env, 'PENDING_DEVICE_TTL_HOURS', 168, 1, 87600),
    clockSyncThresholdSeconds: int(env, 'CLOCK_SYNC_THRESHOLD_SECONDS', 120, 0, 86400),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    deviceDbTimeoutMs: int(env, 'DEVICE_DB_TIMEOUT_MS', 1500, 100, 60000),
    sessionHours: int(env, 'SESSION_HOURS', 12, 1, 8760),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60, 1, 525600),
    punchRetentionMonths: int(env, 'PUNCH_RETENTION_MONTHS', 0, 0, 1200),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockoutMinutes: int(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    timesheetIntervalMs: int(env, 'TIMESHEET_INTERVAL_MS', 500, 50, 3_600_000),
    ...(env.CONSOLE_DIR ? { consoleDir: env.CONSOLE_DIR } : {}),
  }
}

/**
 * Configuration for tests: in-memory database, open admission, quiet, and no default group (suites about the
 * default group turn it on), so a test's groups are exactly those it made.
 */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent', PGLITE_DIR: 'memory://', DEFAULT_GROUP: '' }),
    ...overrides,
  }
}
