import { allowed, areaOf } from '@webroster/server/roles'
import type { Session } from './session'

/**
 * Whether the signed-in operator may make this request: the server's own rule (roles.ts), so a screen hides
 * exactly what the server would refuse.
 */
export function can(session: Session | undefined, method: string, path: string): boolean {
  if (!session) return false
  const role = session.operator?.role
  return allowed(
    {
      kind: session.kind,
      name: session.name,
      scopes: new Set(session.scopes),
      ...(role && session.operator
        ? { operator: { id: session.operator.id, role, sessionId: 0 } }
        : {}),
    },
    areaOf(path),
    method,
  )
}
