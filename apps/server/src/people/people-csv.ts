import { PIN_PATTERN } from '@webroster/protocol'
import { parse } from 'csv-parse/sync'
import { csvLine, csvUnguarded } from '../csv'
import { ValidationError } from '../errors'
import { cardNumberOf } from './card-number'

/**
 * The columns of the people CSV, in the order an export writes them. An import needs `pin`; any other column may be
 * left out, and a column left out leaves that field of an existing person as it is.
 */
export const PEOPLE_CSV_COLUMNS = [
  'pin',
  'name',
  'card',
  'privilege',
  'password',
  'groups',
  'verify',
  'valid_from',
  'valid_to',
] as const
export type PeopleCsvColumn = (typeof PEOPLE_CSV_COLUMNS)[number]

/** Privilege levels a terminal knows: user, enroller, admin, user-defined, super admin. */
const PRIVILEGES = new Set([0, 2, 6, 10, 14])
/** Most data rows one import takes: far above an office's staff, well below what one transaction can hold. */
export const MAX_IMPORT_ROWS = 50_000
/** An instant with its offset, as the API takes `validFrom` / `validTo`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i
const PIN = new RegExp(PIN_PATTERN)

export interface CellError {
  column: string
  message: string
}

/** One data row as read: the fields its columns give (absent: column not in the file), or what is wrong with it. */
export interface CsvPerson {
  /** Row number as a spreadsheet shows it: the header is row 1 */
  row: number
  pin: string
  name?: string
  /** decimal; `null`: no card */
  card?: string | null
  privilege?: number
  /** absent also when the cell is empty: an export never carries passwords, so empty leaves it as it is */
  password?: string
  groupNames?: string[]
  verify?: number | null
  validFrom?: Date | null
  validTo?: Date | null
  errors: CellError[]
}

export interface ParsedPeopleCsv {
  columns: ReadonlySet<PeopleCsvColumn>
  rows: CsvPerson[]
}

function isColumn(name: string): name is PeopleCsvColumn {
  return (PEOPLE_CSV_COLUMNS as readonly string[]).includes(name)
}

function records(text: string): string[][] {
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }) as string[][]
  } catch (e) {
    throw new ValidationError(`the file is not valid CSV: ${(e as Error).message}`)
  }
}

function header(cells: readonly string[]): PeopleCsvColumn[] {
  const names = cells.map((c) => c.trim().toLowerCase())
  const unknown = names.filter((n) => !isColumn(n))
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown column(s) ${unknown.map((n) => `"${n}"`).join(', ')}; the columns are ${PEOPLE_CSV_COLUMNS.join(',')}`,
    )
  }
  const seen = new Set<string>()
  for (const n of names) {
    if (seen.has(n)) throw new ValidationError(`column "${n}" appears twice in the header`)
    seen.add(n)
  }
  if (!seen.has('pin')) throw new ValidationError('the header has no "pin" column')
  return names as PeopleCsvColumn[]
}

function integer(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined
}

function instant(text: string): Date | null | undefined {
  if (text === '') return null
  const date = INSTANT.test(text) ? new Date(text) : undefined
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}

/** Reads one cell into `person`, or records why it cannot be used. */
function readCell(person: CsvPerson, column: PeopleCsvColumn, raw: string): void {
  const text = column === 'name' ? csvUnguarded(raw) : csvUnguarded(raw.trim())
  const fail = (message: string) => person.errors.push({ column, message })
  switch (column) {
    case 'pin':
      person.pin = text
      if (!PIN.test(text)) fail(`"${text}" is not a PIN: 1-24 ASCII letters or digits`)
      return
    case 'name':
      if (text.length > 64) fail('at most 64 characters')
      else person.name = text
      return
    case 'card':
      try {
        person.card = text === '' ? null : cardNumberOf(text)
      } catch {
        fail(`"${text}" is not a card number: decimal, or hex in brackets like [15CD5B07]`)
      }
      return
    case 'privilege': {
      const n = text === '' ? 0 : integer(text)
      if (n === undefined || !PRIVILEGES.has(n)) {
        fail(
          `"${text}" is not a privilege: 0 user, 2 enroller, 6 admin, 10 user-defined, 14 super admin`,
        )
      } else person.privilege = n
      return
    }
    case 'password':
      if (text === '') return
      if (!/^\d{1,8}$/.test(text)) fail('a device password is 1-8 digits')
      else person.password = text
      return
    case 'groups':
      person.groupNames = [
        ...new Set(
          text
            .split(/[;|]/)
            .map((g) => g.trim())
            .filter((g) => g !== ''),
        ),
      ]
      return
    case 'verify': {
      const n = text === '' ? null : integer(text)
      if (n === undefined || (n !== null && n > 255)) fail(`"${text}" is not a verify mode (0-255)`)
      else person.verify = n
      return
    }
    case 'valid_from':
    case 'valid_to': {
      const date = instant(text)
      if (date === undefined) {
        fail(`"${text}" is not an instant: send ISO 8601 with an offset, like 2026-12-01T08:00:00Z`)
      } else if (column === 'valid_from') person.validFrom = date
      else person.validTo = date
      return
    }
  }
}

/**
 * Parses a people CSV (UTF-8, a BOM tolerated, a header row naming the columns, RFC 4180 quoting): a file that
 * cannot be read as one is a 400; each data row comes back with its fields and its own errors.
 */
export function parsePeopleCsv(text: string): ParsedPeopleCsv {
  const [head, ...data] = records(text)
  if (!head)
    throw new ValidationError('the file is empty: send a header row and one row per person')
  const columns = header(head)
  if (data.length > MAX_IMPORT_ROWS) {
    throw new ValidationError(`at most ${MAX_IMPORT_ROWS} rows in one import, got ${data.length}`)
  }
  const rows = data.map((cells, i): CsvPerson => {
    const person: CsvPerson = { row: i + 2, pin: '', errors: [] }
    if (cells.length !== columns.length) {
      person.errors.push({
        column: '*',
        message: `has ${cells.length} cells where the header has ${columns.length}`,
      })
    }
    columns.forEach((column, c) => {
      readCell(person, column, cells[c] ?? '')
    })
    if (person.validFrom && person.validTo && person.validFrom > person.validTo) {
      person.errors.push({ column: 'valid_from', message: 'must not be after valid_to' })
    }
    return person
  })
  return { columns: new Set(columns), rows }
}

/** One exported person, as read from the database. */
export interface CsvExportRow {
  pin: string
  name: string
  card: string | null
  privilege: number
  groupNames: string[]
  verify: number | null
  validFrom: Date | null
  validTo: Date | null
}

/** The header line of an export, with a BOM when asked (spreadsheets read UTF-8 right with one). */
export function peopleCsvHead(bom: boolean): string {
  return `${bom ? '\uFEFF' : ''}${csvLine(PEOPLE_CSV_COLUMNS)}`
}

/** One person as an export line; the password column stays empty, since the API never gives passwords out. */
export function peopleCsvLine(p: CsvExportRow): string {
  return csvLine([
    p.pin,
    p.name,
    p.card,
    p.privilege,
    '',
    p.groupNames.join(';'),
    p.verify,
    p.validFrom?.toISOString() ?? null,
    p.validTo?.toISOString() ?? null,
  ])
}
