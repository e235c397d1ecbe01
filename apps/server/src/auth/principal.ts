import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../db'
import { apiKeys, type OperatorRole } from '../db/schema'
import { ForbiddenError, UnauthorizedError } from '../errors'
import { hashSecret, sameHash } from './tokens'

export type Scope = 'read' | 'write' | 'admin'

/** Who is calling /api: the admin token holds every scope; API keys hold theirs; operators their role's. */
export interface Principal {
  kind: 'admin' | 'key' | 'operator'
  name: string
  scopes: ReadonlySet<Scope>
  /** Signed-in operators only: the account, its role and the session it came through */
  operator?: { id: number; role: OperatorRole; sessionId: number }
}

/** Resolves a bearer token to a principal, or throws UnauthorizedError. */
export async function authenticate(
  db: Db,
  adminTokenHash: string,
  authorization: string | null,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match?.[1]) throw new UnauthorizedError()
  const hash = hashSecret(match[1])
  if (sameHash(hash, adminTokenHash)) {
    return { kind: 'admin', name: 'admin', scopes: new Set(['read', 'write', 'admin']) }
  }
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
  if (!key) throw new UnauthorizedError()
  // Shows which keys are still in use; written at most once a minute per key, off the request's path.
  const now = new Date()
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    void db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(eq(apiKeys.id, key.id))
      .catch(() => {})
  }
  return { kind: 'key', name: key.name, scopes: new Set(key.scopes) }
}

/** Throws ForbiddenError unless the principal holds the scope. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.has(scope)) throw new ForbiddenError(`this key lacks the "${scope}" scope`)
}
