import { recordAudit } from '../audit/audit-log'
import type { ServerConfig } from '../config'
import type { Db } from '../db'
import { RateLimitedError, UnauthorizedError } from '../errors'
import type { Logger } from '../logger'
import {
  clearFailures,
  lockoutKeys,
  lockoutRule,
  recordFailure,
  refuseWhileLocked,
} from './lockout'
import { normalizeUsername, publicOperator, verifyCredentials } from './operators'
import { sessionRule } from './request-principal'
import { purgeSessions, startSession } from './sessions'

/**
 * Signs an operator in and starts a session. Every refusal says the same for an unknown name, a wrong password
 * and a disabled account (401), and a lock (429) is charged to the name typed whether or not it exists, so no
 * answer tells whether an account exists.
 */
export async function signIn(
  db: Db,
  config: ServerConfig,
  log: Logger,
  input: { username: string; password: string; address: string | undefined },
  now: Date,
) {
  const username = normalizeUsername(input.username)
  const rule = lockoutRule(config)
  const keys = lockoutKeys(username, input.address, rule)
  try {
    await refuseWhileLocked(db, keys, now)
  } catch (e) {
    if (e instanceof RateLimitedError)
      log.warn('sign-in refused: locked', { username, address: input.address })
    throw e
  }
  const operator = await verifyCredentials(db, username, input.password)
  if (!operator) {
    await recordFailure(db, keys, rule, now)
    // For an office's intrusion alerting; the password typed is never logged.
    log.warn('sign-in failed', { username, address: input.address })
    throw new UnauthorizedError('wrong username or password')
  }
  await clearFailures(db, `account:${username}`)
  const sessions = sessionRule(config)
  await purgeSessions(db, sessions, now)
  const session = await startSession(db, operator.id, sessions, now)
  log.info('operator signed in', { username, address: input.address, session: session.id })
  await recordAudit(db, {
    actor: { kind: 'operator', name: operator.username },
    action: 'session.start',
    entity: 'session',
    entityId: session.id,
    after: {
      operatorId: operator.id,
      expiresAt: session.expiresAt,
      address: input.address ?? null,
    },
  })
  return { operator: publicOperator(operator), session }
}
