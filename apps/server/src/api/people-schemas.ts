import { PIN_PATTERN } from '@webroster/protocol'
import { t } from 'elysia'
import { rowId } from './id-params'
import { Instant, nullable } from './page-query'

/**
 * A closed set of values. Not `t.UnionEnum`: Elysia fills an absent optional UnionEnum with its first member,
 * which would silently demote a person to privilege 0 or filter a list by the first status.
 */
export function oneOf<const V extends string | number>(
  values: readonly V[],
  options: { description?: string } = {},
): ReturnType<typeof t.Unsafe<V>> {
  // Typed as its values: TypeBox infers a union built from an array (not a tuple) as `never`.
  return t.Union(
    values.map((v) => t.Literal(v)),
    options,
  ) as unknown as ReturnType<typeof t.Unsafe<V>>
}

// The one PIN rule, shared with ingest: the API can address every PIN a terminal's upload was allowed to store.
export { PIN_PATTERN }

export const pinParams = t.Object({
  pin: t.String({ pattern: PIN_PATTERN, description: 'PIN: 1-24 ASCII letters or digits' }),
})

const nullableDate = t.Union([t.String({ format: 'date-time' }), t.Null()])

/** Fields shared by create and update; `null` clears. */
export const personFields = {
  name: t.Optional(
    t.String({ maxLength: 64, description: 'Unicode; encoded per device on the wire' }),
  ),
  privilege: t.Optional(
    oneOf([0, 2, 6, 10, 14], {
      description: '0 user, 2 enroller, 6 admin, 10 user-defined, 14 super admin',
    }),
  ),
  password: t.Optional(
    t.String({ maxLength: 8, pattern: '^[0-9]*$', description: 'device PIN code' }),
  ),
  card: t.Optional(
    t.Union([t.String({ description: 'decimal or `[15CD5B07]`; stored decimal' }), t.Null()]),
  ),
  verify: t.Optional(t.Union([t.Integer({ minimum: 0, maximum: 255 }), t.Null()])),
  validFrom: t.Optional(nullableDate),
  validTo: t.Optional(nullableDate),
  groupIds: t.Optional(t.Array(rowId('serial'), { uniqueItems: true })),
}

export const createPersonBody = t.Object(
  {
    pin: t.String({ pattern: PIN_PATTERN, description: 'PIN: 1-24 ASCII letters or digits' }),
    ...personFields,
  },
  { additionalProperties: false },
)

export const updatePersonBody = t.Object(personFields, { additionalProperties: false })

/** A person as the API shows them: the device PIN code only as whether one is set. */
export const PersonSchema = t.Object({
  pin: t.String(),
  name: t.String(),
  privilege: t.Integer({
    description: '0 user, 2 enroller, 6 admin, 10 user-defined, 14 super admin',
  }),
  hasPassword: t.Boolean(),
  card: nullable(t.String({ description: 'decimal' })),
  verify: nullable(t.Integer()),
  validFrom: nullable(Instant),
  validTo: nullable(Instant),
  source: t.String({ description: '`api` or the serial of the device it came from' }),
  groupIds: t.Array(t.Integer()),
  createdAt: Instant,
  updatedAt: Instant,
})

/** A saved person, what was queued for them, and how many terminals they reach. */
export const SavedPersonSchema = t.Object({
  person: PersonSchema,
  queued: t.Integer({ description: 'commands queued to devices' }),
  terminals: t.Integer({ description: 'terminals this person reaches through their groups' }),
  warning: t.Optional(t.String({ description: 'set when the person reaches no terminal' })),
})

export const listPeopleQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 100 })),
  cursor: t.Optional(t.String({ maxLength: 200 })),
  groupId: t.Optional(rowId('serial')),
  q: t.Optional(t.String({ maxLength: 64 })),
})

export const importQuery = t.Object({
  dryRun: t.Optional(
    t.Boolean({
      description: 'check every row and report what the import would do; write nothing',
    }),
  ),
})

export const importBody = t.String({
  description:
    'CSV, UTF-8 (a BOM is tolerated), a header row naming the columns: pin (required), name, card, privilege, ' +
    'password, groups (names separated by ; or |), verify, valid_from, valid_to',
})

const cellError = t.Object({
  column: t.String({ description: 'the column, or * for the row as a whole' }),
  message: t.String(),
})

export const importReply = t.Object({
  dryRun: t.Boolean(),
  rows: t.Integer({ description: 'data rows in the file' }),
  created: t.Integer(),
  updated: t.Integer(),
  unchanged: t.Integer(),
  rejected: t.Integer(),
  queued: t.Integer({ description: 'commands queued to terminals (0 on a dry run)' }),
  errors: t.Array(
    t.Object({
      row: t.Integer({ description: 'as a spreadsheet numbers it: the header is row 1' }),
      pin: t.Optional(t.String()),
      errors: t.Array(cellError),
    }),
  ),
})

export const exportQuery = t.Object({
  bom: t.Optional(t.Boolean({ description: 'start with a UTF-8 BOM (for Excel)' })),
})

export const personTerminalsReply = t.Object({
  pin: t.String(),
  terminals: t.Array(
    t.Object({
      sn: t.String(),
      name: t.Union([t.String(), t.Null()]),
      state: t.Union(
        [t.Literal('queued'), t.Literal('delivered'), t.Literal('failed'), t.Literal('none')],
        {
          description:
            'queued: waiting or sent without a result; delivered: the terminal took it; failed: see reason; ' +
            'none: no command on record (enrolled on that terminal itself)',
        },
      ),
      commandStatus: t.Union([t.String(), t.Null()]),
      commandId: t.Union([t.Integer(), t.Null()]),
      reason: t.Union([t.String(), t.Null()]),
      returnCode: t.Union([t.Integer(), t.Null()]),
      changedAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
    }),
  ),
})
