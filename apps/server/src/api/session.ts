import { Elysia, t } from 'elysia'
import { getOperator, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/operators'
import { changeOwnPassword } from '../auth/own-password'
import type { AuthContext } from '../auth/request-principal'
import {
  clearedSessionCookie,
  csrfTokenFor,
  endSession,
  isHttps,
  sessionCookie,
  sessionSecretOf,
} from '../auth/sessions'
import { signIn } from '../auth/sign-in'
import { clientAddress } from '../http/client-address'
import { NoContentSchema, replies } from '../http/replies'
import { TrustedProxies } from '../iclock/trusted-proxies'
import { apiReplies } from './api-replies'
import { OperatorSchema } from './operators'
import { Instant, nullable } from './page-query'
import type { WithPrincipal } from './with-principal'

/** Who is calling: the admin token, an API key (by name) or a signed-in operator (by username). */
export const CallerSchema = t.Object({
  kind: t.Union([t.Literal('admin'), t.Literal('key'), t.Literal('operator')]),
  name: t.String(),
  scopes: t.Array(t.Union([t.Literal('read'), t.Literal('write'), t.Literal('admin')])),
})

const SessionSchema = t.Object({
  ...CallerSchema.properties,
  operator: nullable(OperatorSchema),
  csrfToken: nullable(
    t.String({ description: 'send in `X-CSRF-Token` with every write made with the cookie' }),
  ),
  timeZone: t.String({
    description: "the site's zone (`TZ_DEFAULT`): dates and times are shown in it",
  }),
})

const SignedInSchema = t.Object({
  operator: OperatorSchema,
  csrfToken: t.String({
    description: 'send in `X-CSRF-Token` with every write made with the cookie',
  }),
  expiresAt: Instant,
})

const tags = ['session']
const Password = t.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })

/** Signing in: the one /api route that takes no credentials (mounted before the auth check). */
export function signInRoutes(auth: AuthContext) {
  const proxies = new TrustedProxies(auth.config.trustedProxies)
  return new Elysia({ name: 'api-sign-in' }).post(
    '/session',
    async ({ body, request, server, set }) => {
      const socket = clientAddress(request, server)
      const address = proxies.clientOf(socket, request.headers.get('x-forwarded-for'))
      const { operator, session } = await signIn(
        auth.db,
        auth.config,
        auth.log,
        { username: body.username, password: body.password, address },
        auth.now(),
      )
      set.status = 201
      set.headers['set-cookie'] = sessionCookie(session.secret, session.expiresAt, isHttps(request))
      set.headers['cache-control'] = 'no-store'
      return { operator, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }
    },
    {
      // Any length is accepted here: a password policy tightened later must not lock out old passwords.
      body: t.Object({
        username: t.String({ minLength: 1, maxLength: 200 }),
        password: t.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
      }),
      parse: 'json',
      response: replies({ 201: SignedInSchema }, 400, 401, 429, 500),
      detail: {
        tags,
        security: [],
        summary: 'Sign in: sets the session cookie and returns the CSRF token for writes',
        description:
          'Sets an HttpOnly, SameSite=Strict cookie `wr_session` (Secure over https) for `/api`. Every write ' +
          'made with the cookie must send the returned `csrfToken` in `X-CSRF-Token`. A wrong name or password ' +
          'answers 401; repeated failures for one name or one address answer 429 with `Retry-After`.',
      },
    },
  )
}

/** The caller's own session: who is signed in, signing out, changing one's own password. */
export function sessionRoutes(auth: AuthContext) {
  return new Elysia<'', WithPrincipal>({ name: 'api-session' })
    .get(
      '/session',
      async ({ principal, request, set }) => {
        set.headers['cache-control'] = 'no-store'
        const own = principal.operator
        const secret = sessionSecretOf(request)
        return {
          kind: principal.kind,
          name: principal.name,
          scopes: [...principal.scopes],
          operator: own ? await getOperator(auth.db, own.id) : null,
          // Given again so a reloaded console page can write without signing in again.
          csrfToken: own && secret ? csrfTokenFor(secret) : null,
          // The site's zone: the console shows dates and times in it, whatever the browser's own zone.
          timeZone: auth.config.defaultTimeZone,
        }
      },
      {
        response: apiReplies({ 200: SessionSchema }),
        detail: {
          tags,
          summary: 'Who is signed in (or which token is calling), with the CSRF token',
        },
      },
    )
    .delete(
      '/session',
      async ({ principal, request, set }) => {
        await endSession(auth.db, principal)
        set.headers['set-cookie'] = clearedSessionCookie(isHttps(request))
        set.status = 204
      },
      {
        response: apiReplies({ 204: NoContentSchema }),
        detail: { tags, summary: 'Sign out: ends the session and clears its cookie' },
      },
    )
    .put(
      '/session/password',
      async ({ principal, body, set }) => {
        await changeOwnPassword(auth.db, auth.config, principal, body, auth.now())
        set.status = 204
      },
      {
        body: t.Object({
          currentPassword: t.String({ maxLength: PASSWORD_MAX_LENGTH }),
          newPassword: Password,
        }),
        parse: 'json',
        response: apiReplies({ 204: NoContentSchema }, 400),
        detail: {
          tags,
          summary: 'Change your own password (signed-in operators); your other sessions end',
        },
      },
    )
}
