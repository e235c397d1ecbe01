import { t } from 'elysia'

/** Largest id of each id column type, as JavaScript can hold it exactly (bigserial ids are read as numbers). */
export const ID_MAX = { serial: 2_147_483_647, bigserial: Number.MAX_SAFE_INTEGER } as const

/**
 * A row id in a path, query or body: a positive integer the column can hold. Anything past that is a 400 here,
 * not a database "out of range" error (500) later.
 */
export function rowId(column: keyof typeof ID_MAX = 'bigserial', description?: string) {
  return t.Integer({
    minimum: 1,
    maximum: ID_MAX[column],
    ...(description ? { description } : {}),
  })
}

/** `/:id` of a bigserial table. */
export const idParams = t.Object({ id: rowId() })
