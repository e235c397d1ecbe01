/** Cells a spreadsheet would run as a formula: = + - @, or a leading tab / CR. */
const FORMULA_LEAD = /^[=+\-@\t\r]/

/**
 * One CSV cell per RFC 4180, guarded against formula injection: a spreadsheet would run a cell that
 * starts with = + - @ (or a tab / CR), so such cells get a leading `'`.
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value)
  if (FORMULA_LEAD.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One CSV record of guarded cells, CRLF-terminated as RFC 4180 has it. */
export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/**
 * A parsed cell with `csvCell`'s formula guard taken off, so what an export wrote imports as it was stored.
 * @example csvUnguarded("'=1+1") // '=1+1'
 */
export function csvUnguarded(cell: string): string {
  return cell.startsWith("'") && FORMULA_LEAD.test(cell.slice(1)) ? cell.slice(1) : cell
}
