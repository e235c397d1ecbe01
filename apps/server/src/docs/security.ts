import { isRead } from '../auth/roles'
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions'

/** The credentials /api takes, as request-principal.ts reads them: a bearer token, else the session cookie. */
export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The admin token (`ADMIN_TOKEN`, or the `wr_admin_…` token printed at first start) or an API key ' +
      '(`wr_key_…`, from `POST /api/keys`). Integrations use this; no CSRF token is needed with it.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The HttpOnly, SameSite=Strict session cookie `POST /api/session` sets when an operator signs in.',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'With the session cookie, every write (POST, PUT, PATCH, DELETE) sends the `csrfToken` that sign-in ' +
      'and `GET /api/session` return; 403 without it.',
  },
} as const

type Requirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>

/**
 * What an /api operation accepts, unless it says otherwise: a bearer token, or the session cookie, and with the
 * cookie the CSRF header on writes. The roles that reach it are roles.ts's rule, given in the README.
 */
export function operationSecurity(method: string): Requirement[] {
  return isRead(method)
    ? [{ bearer: [] }, { session: [] }]
    : [{ bearer: [] }, { session: [], csrf: [] }]
}

/** The admin token alone (`POST /api/setup`, before any operator exists). */
export const ADMIN_TOKEN_ONLY: Requirement[] = [{ bearer: [] }]
