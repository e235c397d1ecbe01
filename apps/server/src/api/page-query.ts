import { type TSchema, t } from 'elysia'

/** The query of a newest-first list: a page size and the `nextCursor` of the page before. */
export const pageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: t.Optional(t.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
})

/** One page of a list, as every list route answers (`Page` in cursor.ts): the rows and the next page's cursor. */
export function pageOf<T extends TSchema>(item: T) {
  return t.Object({
    items: t.Array(item),
    nextCursor: t.Union([t.String(), t.Null()], {
      description: 'pass as `cursor` for the next page; null on the last page',
    }),
  })
}

/** An ISO 8601 instant as the API writes it. */
export const Instant = t.String({ format: 'date-time' })

/** A value that may be absent, written as `null`. */
export function nullable<T extends TSchema>(schema: T) {
  return t.Union([schema, t.Null()])
}
