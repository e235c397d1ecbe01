import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'
import type { TemplateInput, TemplateKind, TemplateRecord } from './types'

export interface TemplateStore {
  /** Inserts or replaces the template at (pin, kind, no, index). */
  upsertTemplate(template: TemplateInput): void
  upsertTemplates(templates: readonly TemplateInput[]): void
  /** Deletes a person's templates, narrowed by kind and item number; returns how many went. */
  deleteTemplates(pin: string, kind?: TemplateKind, no?: number): number
  listTemplates(pin?: string): TemplateRecord[]
  /** Whether the person has a valid fingerprint (plain FP or a BIODATA record of type 1). */
  hasFingerprint(pin: string): boolean
  countTemplates(kind?: TemplateKind): number
}

interface TemplateRow {
  pin: string
  kind: TemplateKind
  no: number
  idx: number
  valid: number
  type: number
  major_ver: number
  minor_ver: number
  format: number
  template: string
}

const toTemplate = (row: TemplateRow): TemplateRecord => ({
  pin: row.pin,
  kind: row.kind,
  no: row.no,
  index: row.idx,
  valid: row.valid,
  type: row.type,
  majorVer: row.major_ver,
  minorVer: row.minor_ver,
  format: row.format,
  template: row.template,
})

export function createTemplateStore(db: DatabaseSync): TemplateStore {
  const upsert = db.prepare(`
    INSERT OR REPLACE INTO templates
      (pin, kind, no, idx, valid, type, major_ver, minor_ver, format, template)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const hasFp = db.prepare(`
    SELECT 1 FROM templates WHERE pin = ? AND valid <> 0
      AND (kind = 'fp' OR (kind = 'biodata' AND type = 1)) LIMIT 1`)
  const listAll = db.prepare('SELECT * FROM templates ORDER BY pin, kind, no, idx')
  const listPin = db.prepare('SELECT * FROM templates WHERE pin = ? ORDER BY kind, no, idx')
  const countAll = db.prepare('SELECT count(*) AS n FROM templates')
  const countKind = db.prepare('SELECT count(*) AS n FROM templates WHERE kind = ?')

  const upsertOne = (t: TemplateInput): void => {
    upsert.run(
      t.pin,
      t.kind,
      t.no,
      t.index ?? 0,
      t.valid ?? 1,
      t.type ?? (t.kind === 'face' ? 2 : 1),
      t.majorVer ?? 0,
      t.minorVer ?? 0,
      t.format ?? 0,
      t.template,
    )
  }

  return {
    upsertTemplate: (t) => inTransaction(db, () => upsertOne(t)),
    upsertTemplates: (ts) => inTransaction(db, () => ts.forEach(upsertOne)),
    deleteTemplates: (pin, kind, no) => {
      let sql = 'DELETE FROM templates WHERE pin = ?'
      const params: (string | number)[] = [pin]
      if (kind !== undefined) {
        sql += ' AND kind = ?'
        params.push(kind)
      }
      if (no !== undefined) {
        sql += ' AND no = ?'
        params.push(no)
      }
      return Number(db.prepare(sql).run(...params).changes)
    },
    listTemplates: (pin) =>
      ((pin === undefined ? listAll.all() : listPin.all(pin)) as unknown as TemplateRow[]).map(
        toTemplate,
      ),
    hasFingerprint: (pin) => hasFp.get(pin) !== undefined,
    countTemplates: (kind) =>
      ((kind === undefined ? countAll.get() : countKind.get(kind)) as { n: number }).n,
  }
}
