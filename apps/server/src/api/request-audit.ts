import { recordAudit } from '../audit/audit-log'
import type { Principal } from '../auth/principal'
import { areaOf, isRead } from '../auth/roles'
import type { Db } from '../db'

/**
 * Areas whose modules record their own changes with before and after (in the transaction that made them): the
 * request record would only repeat them. A module that starts recording its own adds its area here.
 */
export const SELF_AUDITED_AREAS: ReadonlySet<string> = new Set([
  'operators',
  'setup',
  'session',
  'keys',
  'people',
  'devices',
  'commands',
  'webhooks',
  'timesheets',
])

/** Replies larger than this are summarised, so a bulk import does not store its whole answer twice. */
const MAX_RECORDED_CHARS = 16_384

/**
 * Records a write the API carried out (an after-handle hook: it runs only when the route succeeded), as the
 * request it was: who, `POST /api/people`, the area and the rest of the path, and the reply as `after`. Every
 * change is on record this way even before its module records one with its own before and after. Returns
 * nothing, so the reply is left as it is.
 */
export async function recordWrite(
  db: Db,
  principal: Principal,
  request: Request,
  reply: unknown,
): Promise<void> {
  if (isRead(request.method)) return
  const path = new URL(request.url).pathname
  const area = areaOf(path)
  if (SELF_AUDITED_AREAS.has(area)) return
  const rest = path
    .replace(/^\/api\/?/, '')
    .split('/')
    .slice(1)
    .join('/')
  const text = reply === undefined ? '' : JSON.stringify(reply)
  await recordAudit(db, {
    actor: principal,
    action: `${request.method.toUpperCase()} ${path}`,
    entity: area,
    entityId: rest,
    after:
      reply === undefined || reply instanceof Response || typeof reply !== 'object'
        ? null
        : text.length > MAX_RECORDED_CHARS
          ? { summary: `a reply of ${text.length} characters` }
          : reply,
  })
}
