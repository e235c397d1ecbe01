import { t } from 'elysia'

/** The query of a newest-first list: a page size and the `nextCursor` of the page before. */
export const pageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: t.Optional(t.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
})
