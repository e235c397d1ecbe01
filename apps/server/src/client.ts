import { treaty } from '@elysiajs/eden'
import type { CommandSchema } from './api/commands'
import type { DeviceViewSchema } from './api/device-view'
import type { GroupSchema } from './api/groups'
import type { PersonSchema, SavedPersonSchema } from './api/people-schemas'
import type { ListedPunchSchema, PunchSchema } from './api/punch-schemas'
import type { createApp } from './app'
import { CSRF_HEADER, SESSION_COOKIE } from './auth/sessions'
import type { ErrorSchema, InvalidRequestSchema } from './http/replies'

/** The type of the whole HTTP app: what a typed client is made from (`treaty<App>`). */
export type App = ReturnType<typeof createApp>

export interface ClientOptions {
  /** Admin token or API key, sent as `Authorization: Bearer …` */
  token?: string
  /** Session secret of a signed-in operator (the `wr_session` cookie's value), for clients outside a browser */
  cookie?: string
  /** The session's CSRF token: writes made with `cookie` need it */
  csrfToken?: string
}

/**
 * A client of the management API typed from the server's own routes: paths, bodies, queries and every answer
 * (`data` on 2xx, `error` with its status otherwise).
 * @example
 * const api = createClient('http://127.0.0.1:8080', { token: process.env.WEBROSTER_TOKEN })
 * const { data, error } = await api.api.people.get({ query: { limit: 10 } })
 * if (error) throw new Error(error.value.message)
 * for (const person of data.items) console.log(person.pin, person.name)
 */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  const headers: Record<string, string> = {}
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  if (options.cookie !== undefined) headers.cookie = `${SESSION_COOKIE}=${options.cookie}`
  if (options.csrfToken !== undefined) headers[CSRF_HEADER] = options.csrfToken
  // Dates stay the ISO strings the schemas promise; Eden would otherwise turn them into Date objects.
  return treaty<App>(baseUrl, { headers, parseDate: false })
}

/** A client made by `createClient`. */
export type Client = ReturnType<typeof createClient>

/** The API's main shapes, for code that keeps them beside a client call (each is a route's response schema). */
export type Device = typeof DeviceViewSchema.static
export type Person = typeof PersonSchema.static
export type SavedPerson = typeof SavedPersonSchema.static
export type Group = typeof GroupSchema.static
export type Command = typeof CommandSchema.static
export type Punch = typeof PunchSchema.static
export type ListedPunch = typeof ListedPunchSchema.static
export type ErrorReply = typeof ErrorSchema.static
export type InvalidRequestReply = typeof InvalidRequestSchema.static
