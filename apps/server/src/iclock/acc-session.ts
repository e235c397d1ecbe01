import { randomBytes } from 'node:crypto'
import { accessToken, negotiatePushVersion, type PushConfig } from '@webroster/protocol'
import type { DeviceRow } from '../devices'

const SERVER_PUSH_VERSION = '3.1.2'

/** A new Security PUSH registry code or session id. */
export function newSessionSecret(): string {
  return randomBytes(8).toString('hex')
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(/[;,]/)) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Checks a Security PUSH `Cookie: token=…` against MD5(RegistryCode + SN + SessionID) (or + timestamp, as the
 * vendor demo also accepts). Requests without a token cookie pass: attendance firmware never sends one.
 */
export function accTokenOk(row: DeviceRow, cookie: string | null): boolean {
  const token = cookieValue(cookie, 'token')?.toLowerCase()
  if (!token) return true
  if (!row.registryCode) return false
  const candidates = [row.sessionId, cookieValue(cookie, 'timestamp')].filter(
    (v): v is string => !!v,
  )
  return candidates.some((c) => accessToken(row.registryCode as string, row.sn, c) === token)
}

/** The Security PUSH settings block (`/iclock/push` reply and the registered init reply). */
export function pushConfig(
  sessionId: string,
  pushver: string | undefined,
  pollDelaySeconds: number,
  errorDelaySeconds: number,
): PushConfig {
  return {
    serverVersion: SERVER_PUSH_VERSION,
    serverName: 'Webroster',
    pushVersion: negotiatePushVersion(pushver, SERVER_PUSH_VERSION),
    errorDelay: errorDelaySeconds,
    requestDelay: pollDelaySeconds,
    transTimes: '00:00;14:00',
    transInterval: 1,
    transTables: ['User', 'Transaction'],
    realtime: true,
    sessionId,
    timeoutSec: 10,
  }
}
