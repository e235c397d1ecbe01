import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { eq, lt, or } from 'drizzle-orm'
import { recordAudit } from '../audit/audit-log'
import type { Db } from '../db'
import { operatorSessions, operators } from '../db/schema'
import { ForbiddenError, UnauthorizedError } from '../errors'
import type { Principal } from './principal'
import { ROLE_SCOPES } from './roles'
import { hashSecret } from './tokens'

export const SESSION_COOKIE = 'wr_session'
export const CSRF_HEADER = 'x-csrf-token'

export interface SessionRule {
  hours: number
  idleMinutes: number
}

/**
 * The CSRF token of a session: an HMAC of the cookie's secret, so the server needs to store nothing more, can
 * hand it out again on `GET /api/session`, and no one without the cookie can compute it.
 */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('csrf').digest('base64url')
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Starts a session: the secret goes only into the cookie, its SHA-256 only into the table. */
export async function startSession(db: Db, operatorId: number, rule: SessionRule, now: Date) {
  const secret = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + rule.hours * 3_600_000)
  const [row] = await db
    .insert(operatorSessions)
    .values({
      operatorId,
      tokenHash: hashSecret(secret),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    })
    .returning({ id: operatorSessions.id })
  if (!row) throw new Error('insert returned no row')
  return { id: row.id, secret, csrfToken: csrfTokenFor(secret), expiresAt }
}

/**
 * The operator a session cookie stands for, or 401 when it is unknown, expired, idle too long or its operator
 * was disabled. A write also needs the session's CSRF token in `X-CSRF-Token` (403 without it).
 */
export async function sessionPrincipal(
  db: Db,
  secret: string,
  request: Request,
  rule: SessionRule,
  now: Date,
): Promise<Principal> {
  const [row] = await db
    .select({ session: operatorSessions, operator: operators })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(eq(operatorSessions.tokenHash, hashSecret(secret)))
  const idleEdge = now.getTime() - rule.idleMinutes * 60_000
  if (
    !row ||
    row.operator.disabledAt !== null ||
    row.session.expiresAt <= now ||
    row.session.lastSeenAt.getTime() <= idleEdge
  ) {
    if (row) await db.delete(operatorSessions).where(eq(operatorSessions.id, row.session.id))
    throw new UnauthorizedError('not signed in, or the session has ended: sign in again')
  }
  const method = request.method.toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') {
    const sent = request.headers.get(CSRF_HEADER) ?? ''
    if (!sameText(sent, csrfTokenFor(secret))) {
      throw new ForbiddenError(`a signed-in write needs the session's token in ${CSRF_HEADER}`)
    }
  }
  // Idle time is kept to the minute: one write a minute per session, not one per request.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db
      .update(operatorSessions)
      .set({ lastSeenAt: now })
      .where(eq(operatorSessions.id, row.session.id))
  }
  const { operator } = row
  return {
    kind: 'operator',
    name: operator.username,
    scopes: new Set(ROLE_SCOPES[operator.role]),
    operator: { id: operator.id, role: operator.role, sessionId: row.session.id },
  }
}

/** Ends a session (signing out). */
export async function endSession(db: Db, principal: Principal): Promise<void> {
  const session = principal.operator?.sessionId
  if (session === undefined) return
  await db.delete(operatorSessions).where(eq(operatorSessions.id, session))
  await recordAudit(db, {
    actor: principal,
    action: 'session.end',
    entity: 'session',
    entityId: session,
  })
}

/** Forgets sessions that can no longer be used; their rows would only be refused. */
export async function purgeSessions(db: Db, rule: SessionRule, now: Date): Promise<void> {
  const idleEdge = new Date(now.getTime() - rule.idleMinutes * 60_000)
  await db
    .delete(operatorSessions)
    .where(or(lt(operatorSessions.expiresAt, now), lt(operatorSessions.lastSeenAt, idleEdge)))
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict, only for /api, Secure over https. */
export function sessionCookie(secret: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${secret}`,
    'Path=/api',
    `Expires=${expiresAt.toUTCString()}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

/** A cookie that replaces the session cookie with nothing. */
export function clearedSessionCookie(secure: boolean): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/api',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

/** Whether the browser reached us over https (directly or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  // Believing the header from anyone is safe here: it can only add `Secure`, never remove it.
  return (
    new URL(request.url).protocol === 'https:' ||
    request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  )
}

/** The session secret a request's cookies carry, if any. */
export function sessionSecretOf(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eqAt = part.indexOf('=')
    if (eqAt > 0 && part.slice(0, eqAt).trim() === SESSION_COOKIE) {
      const value = part.slice(eqAt + 1).trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}
