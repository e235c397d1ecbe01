import type { Principal } from '../auth/principal'

/**
 * Elysia singleton type for route plugins mounted inside `apiRoutes`: its bearer-auth derive puts the
 * `principal` in every request's context, and this lets those plugins see it typed.
 */
export interface WithPrincipal {
  decorator: Record<never, never>
  store: Record<never, never>
  derive: { principal: Principal }
  resolve: Record<never, never>
}
