import { getTableColumns, type Table } from 'drizzle-orm'

/** Bind parameters one statement may carry: the wire protocol counts them in 16 bits. */
const MAX_PARAMETERS = 65_535

/**
 * Splits the rows of a multi-row insert into `table` so that no statement binds more parameters than the driver
 * allows (an upload of 13,000 rejected lines or 7,300 users would otherwise fail as a whole, on every re-send).
 * The table's column count bounds the parameters of one row.
 */
export function statementChunks<T>(table: Table, rows: readonly T[]): T[][] {
  const perRow = Math.max(1, Object.keys(getTableColumns(table)).length)
  const size = Math.floor(MAX_PARAMETERS / perRow)
  const chunks: T[][] = []
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size))
  return chunks
}
