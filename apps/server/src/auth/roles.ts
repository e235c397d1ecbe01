import type { OperatorRole } from '../db/schema'
import { ForbiddenError } from '../errors'
import type { Principal, Scope } from './principal'

export type { OperatorRole }
export const OPERATOR_ROLES = ['admin', 'manager', 'viewer'] as const satisfies OperatorRole[]

/** What each role's principal holds as scopes, so scope-aware code (redaction) treats operators like keys. */
export const ROLE_SCOPES: Record<OperatorRole, readonly Scope[]> = {
  admin: ['read', 'write', 'admin'],
  manager: ['read', 'write'],
  viewer: ['read'],
}

/**
 * The areas of /api an attendance manager works in (reads and writes); a viewer reads them only. Anything not
 * listed (devices, commands, keys, webhooks, operators, audit, and any area added later) is for admins: a new
 * area is closed to managers until it is named here.
 */
const ATTENDANCE_AREAS = new Set([
  'people',
  'groups',
  'attendance',
  'punches',
  'corrections',
  'timesheets',
  'export',
  // The live feed of punches (read only): what the attendance list shows, as it arrives.
  'events',
])

/** Areas of secrets a manager needs for their work and a viewer never reads: biometric template data. */
const MANAGER_ONLY_AREAS = new Set(['templates'])

/** Areas every signed-in caller reaches whatever its role: who am I, and signing out. */
const OWN_AREAS = new Set(['whoami', 'session'])

/** Areas only the `admin` scope reaches, whatever the method (API keys never hold it). */
const ADMIN_AREAS = new Set(['keys', 'operators', 'audit'])

/**
 * The area a request under /api belongs to: its path's first segment, except that anything addressing commands
 * (a device's, a group's) is the `commands` area, so sending commands never rides on another area's rights, and
 * a person's credentials with template data (`?include=template`) are the `templates` area.
 */
export function areaOf(path: string, search = ''): string {
  const segments = path
    .replace(/^\/api(?=\/|$)/, '')
    .split('/')
    .filter((s) => s !== '')
  if (segments.includes('commands')) return 'commands'
  if (
    segments[0] === 'people' &&
    segments[2] === 'credentials' &&
    new URLSearchParams(search).getAll('include').includes('template')
  ) {
    return 'templates'
  }
  return segments[0] ?? ''
}

/** Whether a method only reads. */
export function isRead(method: string): boolean {
  const m = method.toUpperCase()
  return m === 'GET' || m === 'HEAD'
}

/**
 * Whether a principal may make a request with this method to this area: the one place /api decides access.
 * The admin token reaches everything; API keys by their scopes (reads `read`, writes `write`, never the admin
 * areas); operators by their role.
 */
export function allowed(principal: Principal, area: string, method: string): boolean {
  if (principal.kind === 'admin') return true
  // Creating the first operator is the admin token's job alone.
  if (area === 'setup') return false
  if (principal.kind === 'key') {
    if (ADMIN_AREAS.has(area)) return principal.scopes.has('admin')
    return principal.scopes.has(isRead(method) ? 'read' : 'write')
  }
  const role = principal.operator?.role
  if (role === 'admin') return true
  if (OWN_AREAS.has(area)) return true
  if (MANAGER_ONLY_AREAS.has(area)) return role === 'manager'
  if (!ATTENDANCE_AREAS.has(area)) return false
  return role === 'manager' || (role === 'viewer' && isRead(method))
}

/** Throws ForbiddenError unless `allowed`. */
export function requireAccess(principal: Principal, area: string, method: string): void {
  if (allowed(principal, area, method)) return
  throw new ForbiddenError(
    principal.kind === 'key'
      ? `this key lacks the scope for ${method} /api/${area}`
      : `the ${principal.operator?.role ?? 'current'} role cannot ${isRead(method) ? 'read' : 'change'} /api/${area}`,
  )
}
