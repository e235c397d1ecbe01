import { describe, expect, it } from 'vitest'
import type { Principal } from './principal'
import { allowed, areaOf, ROLE_SCOPES } from './roles'

const operator = (role: 'admin' | 'manager' | 'viewer'): Principal => ({
  kind: 'operator',
  name: role,
  scopes: new Set(ROLE_SCOPES[role]),
  operator: { id: 1, role, sessionId: 1 },
})
const key = (...scopes: Array<'read' | 'write'>): Principal => ({
  kind: 'key',
  name: 'k',
  scopes: new Set(scopes),
})
const token: Principal = {
  kind: 'admin',
  name: 'admin',
  scopes: new Set(['read', 'write', 'admin']),
}

describe('areaOf', () => {
  it.each([
    ['/api/people/7', 'people'],
    ['/api/attendance/export', 'attendance'],
    ['/api/devices/SN1/commands', 'commands'],
    ['/api/groups/3/commands', 'commands'],
    ['/api/commands/9', 'commands'],
    ['/api/session', 'session'],
    ['/api', ''],
    ['/api/', ''],
    ['/api/people/7/credentials', 'people'],
    ['/api/people/7/credentials?include=template', 'templates'],
    ['/api/people/7/credentials?x=1&include=template', 'templates'],
  ])('%s is in area "%s"', (url, area) => {
    const [path = '', search = ''] = url.split('?')
    expect(areaOf(path, search)).toBe(area)
  })
})

describe('allowed', () => {
  // [principal, area, method, allowed]
  const table: Array<[string, Principal, string, string, boolean]> = [
    ['admin token', token, 'setup', 'POST', true],
    ['admin token', token, 'operators', 'DELETE', true],
    ['admin operator', operator('admin'), 'devices', 'POST', true],
    ['admin operator', operator('admin'), 'audit', 'GET', true],
    ['admin operator', operator('admin'), 'setup', 'POST', false],
    ['manager', operator('manager'), 'people', 'POST', true],
    ['manager', operator('manager'), 'groups', 'PATCH', true],
    ['manager', operator('manager'), 'attendance', 'POST', true],
    ['manager', operator('manager'), 'timesheets', 'GET', true],
    ['manager', operator('manager'), 'devices', 'GET', false],
    ['manager', operator('manager'), 'commands', 'POST', false],
    ['manager', operator('manager'), 'keys', 'GET', false],
    ['manager', operator('manager'), 'webhooks', 'GET', false],
    ['manager', operator('manager'), 'operators', 'GET', false],
    ['manager', operator('manager'), 'audit', 'GET', false],
    ['manager', operator('manager'), 'some-new-area', 'GET', false],
    ['manager', operator('manager'), 'session', 'DELETE', true],
    ['viewer', operator('viewer'), 'people', 'GET', true],
    ['viewer', operator('viewer'), 'templates', 'GET', false],
    ['manager', operator('manager'), 'templates', 'GET', true],
    ['read key', key('read'), 'templates', 'GET', true],
    ['viewer', operator('viewer'), 'attendance', 'HEAD', true],
    ['viewer', operator('viewer'), 'people', 'POST', false],
    ['viewer', operator('viewer'), 'devices', 'GET', false],
    ['viewer', operator('viewer'), 'whoami', 'GET', true],
    ['viewer', operator('viewer'), 'session', 'PUT', true],
    ['read key', key('read'), 'devices', 'GET', true],
    ['read key', key('read'), 'people', 'POST', false],
    ['write key', key('read', 'write'), 'devices', 'POST', true],
    ['write key', key('read', 'write'), 'keys', 'GET', false],
    ['write key', key('read', 'write'), 'operators', 'GET', false],
    ['write key', key('read', 'write'), 'audit', 'GET', false],
    ['write key', key('read', 'write'), 'setup', 'POST', false],
  ]
  it.each(table)('%s: %s %s → %s', (_, principal, area, method, expected) => {
    expect(allowed(principal, area, method)).toBe(expected)
  })
})
