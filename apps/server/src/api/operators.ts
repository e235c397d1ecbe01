import { Elysia, t } from 'elysia'
import {
  createFirstAdmin,
  createOperator,
  getOperator,
  listOperators,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  setPassword,
  updateOperator,
} from '../auth/operators'
import type { AuthContext } from '../auth/request-principal'
import { OPERATOR_ROLES } from '../auth/roles'
import { idParams } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['operators']
const Role = t.Union(OPERATOR_ROLES.map((r) => t.Literal(r)))
const Username = t.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^\\s*[A-Za-z0-9._@-]+\\s*$',
  description: 'letters, digits, `.`, `_`, `@` or `-`; case does not matter',
})
const Password = t.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`,
})
const DisplayName = t.String({ maxLength: 200 })

/** The first admin operator, created with the admin token (`POST /api/setup`). */
export function setupRoutes(auth: AuthContext) {
  return new Elysia<'', WithPrincipal>({ name: 'api-setup' }).post(
    '/setup',
    async ({ principal, body, set }) => {
      const operator = await createFirstAdmin(auth.db, principal, body)
      set.status = 201
      return operator
    },
    {
      body: t.Object({
        username: Username,
        password: Password,
        displayName: t.Optional(DisplayName),
      }),
      detail: {
        tags,
        summary:
          'Create the first admin operator (admin token only; 409 once an admin operator exists)',
      },
    },
  )
}

/** Operator accounts under /api/operators (admins only: the access rule in roles.ts). */
export function operatorRoutes(auth: AuthContext) {
  const { db } = auth
  return new Elysia<'/operators', WithPrincipal>({ name: 'api-operators', prefix: '/operators' })
    .get('/', () => listOperators(db), {
      detail: { tags, summary: 'List operators, without secrets' },
    })
    .get('/:id', ({ params }) => getOperator(db, params.id), {
      params: idParams,
      detail: { tags, summary: 'One operator' },
    })
    .post(
      '/',
      async ({ principal, body, set }) => {
        const operator = await createOperator(db, principal, body)
        set.status = 201
        return operator
      },
      {
        body: t.Object({
          username: Username,
          password: Password,
          role: Role,
          displayName: t.Optional(DisplayName),
        }),
        detail: { tags, summary: 'Create an operator (409 when the name is taken)' },
      },
    )
    .patch(
      '/:id',
      ({ principal, params, body }) => updateOperator(db, principal, params.id, body),
      {
        params: idParams,
        body: t.Object({
          role: t.Optional(Role),
          displayName: t.Optional(DisplayName),
          disabled: t.Optional(t.Boolean()),
        }),
        detail: {
          tags,
          summary: 'Change role, display name or disabled (disabling ends their sessions)',
          description: 'The last active admin operator cannot be demoted or disabled (409).',
        },
      },
    )
    .put(
      '/:id/password',
      async ({ principal, params, body, set }) => {
        await setPassword(db, principal, params.id, body.password)
        set.status = 204
      },
      {
        params: idParams,
        body: t.Object({ password: Password }),
        detail: { tags, summary: "Reset an operator's password; every session of theirs ends" },
      },
    )
}
