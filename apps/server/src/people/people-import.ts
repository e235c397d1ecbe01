import { asc, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm'
import type { Actor } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { Db, Tx } from '../db'
import { groups, people, personGroups } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'
import { defaultGroupId } from './default-group'
import type { CellError, CsvPerson, ParsedPeopleCsv } from './people-csv'
import { columns, groupIdsByPin, type PersonFields } from './people-store'
import type { PersonRow } from './person-commands'
import { lockMembership, type ProvisionContext, reconcileAccess } from './provisioning'

/** A row the import refuses, with every reason. */
export interface ImportRowError {
  row: number
  pin?: string
  errors: CellError[]
}

/** What an import did, or (dry run) will do: counts, and each refused row. */
export interface ImportReport {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  unchanged: number
  rejected: number
  /** Commands queued to terminals (0 on a dry run) */
  queued: number
  errors: ImportRowError[]
}

/** PINs or cards per `IN (…)` list: far inside any driver's bind-parameter limit. */
const KEYS_PER_STATEMENT = 1000

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += KEYS_PER_STATEMENT) {
    out.push(items.slice(i, i + KEYS_PER_STATEMENT))
  }
  return out
}

/** The stored people of `pins`, their rows locked in PIN order (two imports lock alike). */
async function peopleByPin(tx: Tx, pins: readonly string[]): Promise<Map<string, PersonRow>> {
  const out = new Map<string, PersonRow>()
  for (const chunk of chunks(pins)) {
    const locked = await tx
      .select()
      .from(people)
      .where(inArray(people.pin, chunk))
      .orderBy(asc(people.pin))
      .for('update')
    for (const row of locked) {
      out.set(row.pin, row)
    }
  }
  return out
}

async function groupsByPin(tx: Tx, pins: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>()
  for (const chunk of chunks(pins)) {
    for (const [pin, ids] of await groupIdsByPin(tx, chunk)) out.set(pin, ids)
  }
  return out
}

/** Stored holders of any of `cards`. */
async function holdersOf(tx: Tx, cards: readonly string[]) {
  const out: Array<{ pin: string; name: string; card: string }> = []
  for (const chunk of chunks(cards)) {
    const rows = await tx
      .select({ pin: people.pin, name: people.name, card: people.card })
      .from(people)
      .where(inArray(people.card, chunk))
    for (const r of rows) if (r.card !== null) out.push({ pin: r.pin, name: r.name, card: r.card })
  }
  return out
}

/**
 * The card locks a single save takes (`card:<number>`), all of the file's, in one order: a save of one of these
 * cards waits for the import, and two imports cannot deadlock.
 */
async function lockCards(tx: Tx, cards: readonly string[]): Promise<void> {
  for (const chunk of chunks([...cards].sort())) {
    const keys = sql.join(
      chunk.map((c) => sql`(${`card:${c}`})`),
      sql`, `,
    )
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(k)) from (values ${keys}) as v(k)`)
  }
}

function reject(row: CsvPerson, column: string, message: string): void {
  row.errors.push({ column, message })
}

/** Every occurrence of a PIN the file holds twice is refused: which one is meant cannot be told. */
function refuseDuplicatePins(rows: readonly CsvPerson[]): void {
  const byPin = new Map<string, CsvPerson[]>()
  for (const r of rows) {
    if (r.pin === '') continue
    const list = byPin.get(r.pin)
    if (list) list.push(r)
    else byPin.set(r.pin, [r])
  }
  for (const same of byPin.values()) {
    if (same.length < 2) continue
    for (const r of same) {
      const others = same.filter((o) => o !== r).map((o) => o.row)
      reject(r, 'pin', `PIN ${r.pin} is also in row ${others.join(', ')}`)
    }
  }
}

function refuseUnknownGroups(rows: readonly CsvPerson[], idByName: ReadonlyMap<string, number>) {
  for (const r of rows) {
    const unknown = (r.groupNames ?? []).filter((g) => !idByName.has(g))
    if (unknown.length > 0) {
      reject(r, 'groups', `unknown group(s) ${unknown.map((g) => `"${g}"`).join(', ')}`)
    }
  }
}

function refuseInvertedWindows(rows: readonly CsvPerson[], stored: ReadonlyMap<string, PersonRow>) {
  for (const r of rows) {
    if (r.errors.length > 0) continue
    const from = r.validFrom === undefined ? stored.get(r.pin)?.validFrom : r.validFrom
    const to = r.validTo === undefined ? stored.get(r.pin)?.validTo : r.validTo
    if (from && to && from > to && !(r.validFrom && r.validTo)) {
      reject(
        r,
        r.validFrom === undefined ? 'valid_to' : 'valid_from',
        'validity window ends before it starts',
      )
    }
  }
}

/**
 * Refuses every row whose card someone else will hold once the import is done: another row of the file (both rows
 * are refused, since which holder is meant cannot be told) or a stored person the file does not give another card.
 * A refused row leaves its person, and so their card, as stored, which can refuse a further row: repeated until
 * nothing changes.
 */
function refuseCardClashes(
  rows: readonly CsvPerson[],
  stored: ReadonlyMap<string, PersonRow>,
  holders: ReadonlyArray<{ pin: string; name: string; card: string }>,
): void {
  for (;;) {
    const good = new Map(rows.filter((r) => r.errors.length === 0).map((r) => [r.pin, r]))
    const claims = new Map<string, Array<{ pin: string; row?: CsvPerson; name: string }>>()
    const claim = (card: string, c: { pin: string; row?: CsvPerson; name: string }) => {
      const list = claims.get(card) ?? []
      if (!list.some((x) => x.pin === c.pin)) list.push(c)
      claims.set(card, list)
    }
    for (const r of good.values()) {
      const card = r.card === undefined ? stored.get(r.pin)?.card : r.card
      if (card) claim(card, { pin: r.pin, row: r, name: r.name ?? stored.get(r.pin)?.name ?? '' })
    }
    for (const h of holders) {
      const row = good.get(h.pin)
      // A stored holder keeps the card unless a good row of the file gives them another (or none).
      if (row && row.card !== undefined) continue
      claim(h.card, { pin: h.pin, name: h.name })
    }
    let refused = 0
    for (const [card, list] of claims) {
      if (list.length < 2) continue
      for (const c of list) {
        if (!c.row) continue
        const others = list
          .filter((o) => o.pin !== c.pin)
          .map((o) => {
            const who = o.name ? `${o.pin} (${o.name})` : o.pin
            return o.row ? `row ${o.row.row} (PIN ${who})` : `person ${who}`
          })
        const held = list.some((o) => !o.row && o.pin !== c.pin)
        reject(
          c.row,
          'card',
          held
            ? `card ${card} is already held by ${others.join(', ')}`
            : `card ${card} is also in ${others.join(', ')}`,
        )
        refused++
      }
    }
    if (refused === 0) return
  }
}

/** The stored fields a row sets: only its file's columns, the password only when given. */
function rowFields(r: CsvPerson, idByName: ReadonlyMap<string, number>): PersonFields {
  const f: PersonFields = {}
  if (r.name !== undefined) f.name = r.name
  if (r.privilege !== undefined) f.privilege = r.privilege
  if (r.password !== undefined) f.password = r.password
  if (r.card !== undefined) f.card = r.card
  if (r.verify !== undefined) f.verify = r.verify
  if (r.validFrom !== undefined) f.validFrom = r.validFrom
  if (r.validTo !== undefined) f.validTo = r.validTo
  if (r.groupNames !== undefined) {
    f.groupIds = r.groupNames.map((g) => idByName.get(g) ?? 0).sort((a, b) => a - b)
  }
  return f
}

function sameTime(a: Date | null, b: Date | null | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null)
}

/** Whether `fields` would change the stored person. */
function changes(p: PersonRow, groupIds: readonly number[], f: PersonFields): boolean {
  return (
    (f.name !== undefined && f.name !== p.name) ||
    (f.privilege !== undefined && f.privilege !== p.privilege) ||
    (f.password !== undefined && f.password !== p.password) ||
    (f.card !== undefined && f.card !== p.card) ||
    (f.verify !== undefined && f.verify !== p.verify) ||
    (f.validFrom !== undefined && !sameTime(p.validFrom, f.validFrom)) ||
    (f.validTo !== undefined && !sameTime(p.validTo, f.validTo)) ||
    (f.groupIds !== undefined && f.groupIds.join(',') !== groupIds.join(','))
  )
}

/**
 * Imports people from a parsed CSV in one transaction, under the membership and card locks: every row is
 * checked against the file and the stored people (a dry run stops there and writes nothing), then the good rows
 * are created or updated, their group memberships set, and what that means for each terminal is queued in one
 * pass (`reconcileAccess` over every changed PIN, records packed per terminal). Bad rows are reported and
 * skipped, so a dry run reports exactly what the real run does with the same file and the same stored people.
 * One audit row records the counts.
 */
export async function importPeople(
  db: Db,
  ctx: ProvisionContext,
  actor: Actor,
  file: ParsedPeopleCsv,
  dryRun: boolean,
): Promise<ImportReport> {
  const { rows } = file
  return db.transaction(async (tx) => {
    // Locks in the order a single save takes them (the person's row, their card, then membership), so an import
    // and a save wait for each other instead of deadlocking.
    const pins = [...new Set(rows.map((r) => r.pin).filter((p) => p !== ''))].sort()
    const stored = await peopleByPin(tx, pins)
    const cards = [...new Set(rows.flatMap((r) => (r.card ? [r.card] : [])))]
    await lockCards(tx, cards)
    await lockMembership(tx)
    const idByName = new Map(
      (await tx.select({ id: groups.id, name: groups.name }).from(groups)).map((g) => [
        g.name,
        g.id,
      ]),
    )
    refuseDuplicatePins(rows)
    refuseUnknownGroups(rows, idByName)
    refuseInvertedWindows(rows, stored)
    refuseCardClashes(rows, stored, await holdersOf(tx, cards))
    const good = rows.filter((r) => r.errors.length === 0)
    const storedGroups = await groupsByPin(
      tx,
      good.filter((r) => stored.has(r.pin)).map((r) => r.pin),
    )
    const defaultGroup = await defaultGroupId(tx)
    const created: Array<{ pin: string; fields: PersonFields }> = []
    const updated: Array<{ pin: string; fields: PersonFields }> = []
    for (const r of good) {
      const fields = rowFields(r, idByName)
      const existing = stored.get(r.pin)
      if (!existing) {
        // A new person named in no group joins the site's default group, as one created by the API does.
        if ((fields.groupIds ?? []).length === 0 && defaultGroup !== null) {
          fields.groupIds = [defaultGroup]
        }
        created.push({ pin: r.pin, fields })
      } else if (changes(existing, storedGroups.get(r.pin) ?? [], fields)) {
        updated.push({ pin: r.pin, fields })
      }
    }
    const report: ImportReport = {
      dryRun,
      rows: rows.length,
      created: created.length,
      updated: updated.length,
      unchanged: good.length - created.length - updated.length,
      rejected: rows.length - good.length,
      queued: 0,
      errors: rows
        .filter((r) => r.errors.length > 0)
        .map((r) => ({ row: r.row, ...(r.pin ? { pin: r.pin } : {}), errors: r.errors })),
    }
    if (dryRun) return report
    const changed = [...created, ...updated]
    const changedPins = changed.map((c) => c.pin)
    report.queued = await reconcileAccess(
      tx,
      ctx,
      changedPins,
      async () => {
        await applyRows(tx, created, updated)
      },
      { refresh: new Set(changedPins) },
    )
    await recordAudit(tx, {
      actor,
      action: 'person.import',
      entity: 'person',
      entityId: 'import',
      after: {
        rows: report.rows,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected,
        queued: report.queued,
      },
    })
    return report
  })
}

/** Writes the rows: new people in multi-row inserts, changed ones one update each, then memberships in bulk. */
async function applyRows(
  tx: Tx,
  created: ReadonlyArray<{ pin: string; fields: PersonFields }>,
  updated: ReadonlyArray<{ pin: string; fields: PersonFields }>,
): Promise<void> {
  const values = created.map(({ pin, fields }) => ({ pin, ...columns(fields), source: 'api' }))
  for (const chunk of statementChunks(people, values)) await tx.insert(people).values(chunk)
  // One statement per column set instead of one per person (5,000 single updates took ~20 s on PGlite): an
  // upsert whose rows all exist updates exactly the columns given, from `excluded`.
  const bySet = new Map<string, Array<Record<string, unknown> & { pin: string }>>()
  for (const { pin, fields } of updated) {
    const set = columns(fields)
    const keys = Object.keys(set).sort().join(',')
    if (keys === '') continue
    const list = bySet.get(keys)
    if (list) list.push({ pin, ...set })
    else bySet.set(keys, [{ pin, ...set }])
  }
  const now = new Date()
  for (const [keys, rows] of bySet) {
    const set: Record<string, SQL> = {}
    for (const key of keys.split(',')) {
      const column = getTableColumns(people)[key as keyof PersonRow]
      if (column) set[key] = sql`excluded.${sql.identifier(column.name)}`
    }
    for (const chunk of statementChunks(people, rows)) {
      await tx
        .insert(people)
        .values(chunk)
        .onConflictDoUpdate({ target: people.pin, set: { ...set, updatedAt: now } })
    }
  }
  const regrouped = [...created, ...updated].filter((c) => c.fields.groupIds !== undefined)
  for (const chunk of chunks(regrouped.map((c) => c.pin))) {
    await tx.delete(personGroups).where(inArray(personGroups.pin, chunk))
  }
  const memberships = regrouped.flatMap((c) =>
    (c.fields.groupIds ?? []).map((groupId) => ({ pin: c.pin, groupId })),
  )
  for (const chunk of statementChunks(personGroups, memberships)) {
    await tx.insert(personGroups).values(chunk)
  }
}
