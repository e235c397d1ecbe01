import type { ServerConfig } from '../config'
import type { Db } from '../db'
import { UnauthorizedError } from '../errors'
import type { Logger } from '../logger'
import { authenticate, type Principal } from './principal'
import { type SessionRule, sessionPrincipal, sessionSecretOf } from './sessions'

/** The session lifetimes the configuration sets. */
export function sessionRule(config: ServerConfig): SessionRule {
  return { hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes }
}

/** What sign-in, sessions, operators and the audit log work with (auth/ and audit/ own their tables). */
export interface AuthContext {
  db: Db
  adminTokenHash: string
  config: ServerConfig
  log: Logger
  now: () => Date
}

/**
 * Who sent an /api request: a bearer token (the admin token or an API key, for integrations: no CSRF token, as
 * no browser sends one on its own) when there is an Authorization header, otherwise the session cookie.
 */
export async function requestPrincipal(
  auth: Pick<AuthContext, 'db' | 'adminTokenHash' | 'config' | 'now'>,
  request: Request,
): Promise<Principal> {
  const authorization = request.headers.get('authorization')
  if (authorization !== null) return authenticate(auth.db, auth.adminTokenHash, authorization)
  const secret = sessionSecretOf(request)
  if (secret === undefined) throw new UnauthorizedError()
  return sessionPrincipal(auth.db, secret, request, sessionRule(auth.config), auth.now())
}
