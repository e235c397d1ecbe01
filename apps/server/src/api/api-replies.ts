import type { TSchema } from 'elysia'
import { type ErrorStatus, replies } from '../http/replies'

/**
 * The `response` of a route behind the /api auth check: its success schemas, the statuses every such route can
 * answer (401 without valid credentials, 403 when the role or scope does not reach it, 500), and its own.
 * @example apiReplies({ 200: GroupSchema }, 400, 404)
 */
export function apiReplies<const R extends Record<number, TSchema>, const E extends ErrorStatus>(
  ok: R,
  ...errors: E[]
) {
  return replies<R, E | 401 | 403 | 500>(ok, 401, 403, 500, ...errors)
}
