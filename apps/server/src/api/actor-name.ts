import type { Principal } from '../auth/principal'

/** Who queued a command, as recorded on it. */
export function actorName(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `key:${principal.name}`
}
