import { type TSchema, t } from 'elysia'

/** One input a request got wrong: a JSON Pointer into the part named by the reply, and what it must be. */
export const FieldProblemSchema = t.Object({
  path: t.String({ description: 'JSON Pointer into the part the message names, such as `/pin`' }),
  message: t.String({ description: 'what the field must be' }),
})

/** Every 400 answer: input a schema refused, a body that is not JSON, or a rule checked past the schema. */
export const InvalidRequestSchema = t.Object(
  {
    error: t.Literal('invalid_request'),
    message: t.String(),
    fields: t.Array(FieldProblemSchema, {
      description: 'each field and what it must be; empty for a rule checked past the schema',
    }),
    details: t.Optional(t.Unknown()),
  },
  { description: 'The request is invalid: `fields` names what to change' },
)

/** Every other error answer (401, 403, 404, 409, 429, 500, 503), as the error handler in app.ts shapes it. */
export const ErrorSchema = t.Object(
  {
    error: t.String({
      description: 'unauthorized, forbidden, not_found, conflict, rate_limited, internal, …',
    }),
    message: t.String(),
    details: t.Optional(t.Unknown()),
  },
  { description: 'An error, with a message a person can act on' },
)

/** A 204 answer. */
export const NoContentSchema = t.Void({ description: 'No content' })

const ERROR_SCHEMAS = {
  400: InvalidRequestSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
  500: ErrorSchema,
  503: ErrorSchema,
} as const

export type ErrorStatus = keyof typeof ERROR_SCHEMAS

/**
 * A route's `response`: its success schemas and the error statuses it can answer, each error with its one
 * shared schema (so the document and the typed client know every answer, and no error shape is written twice).
 * @example replies({ 200: Person }, 400, 404)
 */
export function replies<const R extends Record<number, TSchema>, const E extends ErrorStatus>(
  ok: R,
  ...errors: E[]
): R & { [K in E]: (typeof ERROR_SCHEMAS)[K] } {
  const out: Record<number, TSchema> = { ...ok }
  for (const status of errors) out[status] = ERROR_SCHEMAS[status]
  return out as R & { [K in E]: (typeof ERROR_SCHEMAS)[K] }
}
