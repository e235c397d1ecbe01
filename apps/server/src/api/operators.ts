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
import { ADMIN_TOKEN_ONLY } from '../docs/security'
import { NoContentSchema } from '../http/replies'
import { apiReplies } from './api-replies'
import { idParams } from './id-params'
import { Instant } from './page-query'
import { oneOf } from './people-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['operators']
const Role = oneOf(OPERATOR_ROLES)
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

/** An operator as the API shows them (`publicOperator`): never the password hash. */
export const OperatorSchema = t.Object({
  id: t.Integer(),
  username: t.String(),
  displayName: t.String(),
  role: Role,
  disabled: t.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
})

const NewOperatorBody = t.Object({
  username: Username,
  password: Password,
  role: Role,
  displayName: t.Optional(DisplayName),
})

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
      body: t.Omit(NewOperatorBody, ['role']),
      parse: 'json',
      response: apiReplies({ 201: OperatorSchema }, 400, 409),
      detail: {
        tags,
        summary:
          'Create the first admin operator (admin token only; 409 once an admin operator exists)',
        security: ADMIN_TOKEN_ONLY,
      },
    },
  )
}

/** Operator accounts under /api/operators (admins only: the access rule in roles.ts). */
export function operatorRoutes(auth: AuthContext) {
  const { db } = auth
  return new Elysia<'/operators', WithPrincipal>({ name: 'api-operators', prefix: '/operators' })
    .get('', () => listOperators(db), {
      response: apiReplies({ 200: t.Array(OperatorSchema) }),
      detail: { tags, summary: 'List operators, without secrets' },
    })
    .get('/:id', ({ params }) => getOperator(db, params.id), {
      params: idParams,
      response: apiReplies({ 200: OperatorSchema }, 400, 404),
      detail: { tags, summary: 'One operator' },
    })
    .post(
      '',
      async ({ principal, body, set }) => {
        const operator = await createOperator(db, principal, body)
        set.status = 201
        return operator
      },
      {
        body: NewOperatorBody,
        parse: 'json',
        response: apiReplies({ 201: OperatorSchema }, 400, 409),
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
        parse: 'json',
        response: apiReplies({ 200: OperatorSchema }, 400, 404, 409),
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
        parse: 'json',
        response: apiReplies({ 204: NoContentSchema }, 400, 404),
        detail: { tags, summary: "Reset an operator's password; every session of theirs ends" },
      },
    )
}
