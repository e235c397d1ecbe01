import type { ServerConfig } from '../config'
import type { Db } from '../db'
import { ForbiddenError, ValidationError } from '../errors'
import {
  clearFailures,
  lockoutKeys,
  lockoutRule,
  recordFailure,
  refuseWhileLocked,
} from './lockout'
import { passwordMatches, setPassword } from './operators'
import type { Principal } from './principal'

/**
 * An operator changes their own password, proving the current one; wrong guesses count towards the same lock as
 * sign-ins, so a borrowed session cannot be used to find the password. Their other sessions end.
 */
export async function changeOwnPassword(
  db: Db,
  config: ServerConfig,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<void> {
  const own = principal.operator
  if (!own) throw new ValidationError('only a signed-in operator has a password to change')
  const rule = lockoutRule(config)
  const keys = lockoutKeys(principal.name, undefined, rule)
  await refuseWhileLocked(db, keys, now)
  if (!(await passwordMatches(db, own.id, input.currentPassword))) {
    await recordFailure(db, keys, rule, now)
    throw new ForbiddenError('the current password is wrong')
  }
  await clearFailures(db, `account:${principal.name}`)
  await setPassword(db, principal, own.id, input.newPassword, own.sessionId)
}
