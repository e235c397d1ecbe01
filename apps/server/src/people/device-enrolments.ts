import { instantFromWallClock, type OperlogRecord, recordTime } from '@webroster/protocol'
import { sql } from 'drizzle-orm'
import type { Tx } from '../db'
import { people, personPhotos, templates } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'
import type { EnrolledEvent } from './fan-out'

type TemplateRow = typeof templates.$inferInsert
type PhotoRow = typeof personPhotos.$inferInsert
type PersonRow = typeof people.$inferInsert

/** The people, templates and photos of one upload, as rows. */
export interface EnrolmentRows {
  persons: PersonRow[]
  templates: TemplateRow[]
  photos: PhotoRow[]
  /** IDCARD names: a person created by them if none exists, never renamed */
  idNames: PersonRow[]
}

/** A user's validity bound; none when unset, unreadable or outside 1970-2100 (firmware's "never" values). */
function validity(value: string | undefined, zone: string): Date | null {
  if (!value || value === '0') return null
  const at = recordTime(value)
  if ('error' in at) return null
  try {
    return instantFromWallClock(at.time, zone)
  } catch {
    return null
  }
}

function templateRow(r: OperlogRecord, sn: string): TemplateRow | undefined {
  switch (r.kind) {
    case 'FP':
    case 'FACE':
      return {
        pin: r.pin,
        sourceSn: sn,
        kind: r.kind === 'FP' ? 'fp' : 'face',
        bioType: r.kind === 'FP' ? 1 : 2,
        no: r.fid,
        index: 0,
        valid: r.valid,
        template: r.template,
      }
    case 'FVEIN':
      return {
        pin: r.pin,
        sourceSn: sn,
        kind: 'fvein',
        bioType: 7,
        no: r.fid,
        index: r.index,
        valid: r.valid,
        template: r.template,
      }
    case 'BIODATA':
      return {
        pin: r.pin,
        sourceSn: sn,
        kind: 'biodata',
        bioType: r.type,
        no: r.no,
        index: r.index,
        valid: r.valid,
        duress: r.duress,
        majorVer: r.majorVer,
        minorVer: r.minorVer,
        format: r.format,
        template: r.template,
      }
    default:
      return undefined
  }
}

/** A user's verify mode: a non-negative number, else none (firmware sends `-1` or nothing for "any"). */
function verifyOf(verify: number | undefined): number | null {
  return verify !== undefined && verify >= 0 ? verify : null
}

/** Last record wins per key: one statement may not update the same row twice. */
function lastByKey<T>(rows: T[], key: (r: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()]
}

/**
 * The rows for the users (USER), templates (FP / FACE / FVEIN / BIODATA), photos (USERPIC / BIOPHOTO) and IDCARD
 * names among `records`; undefined when there are none, so the batch skips the people tables altogether.
 */
export function enrolmentRows(
  sn: string,
  zone: string,
  records: readonly OperlogRecord[],
): EnrolmentRows | undefined {
  const rows: EnrolmentRows = { persons: [], templates: [], photos: [], idNames: [] }
  for (const r of records) {
    if (r.kind === 'USER') {
      rows.persons.push({
        pin: r.pin,
        name: r.name,
        privilege: r.privilege,
        password: r.password,
        card: r.card === '' || r.card === '0' ? null : r.card,
        verify: verifyOf(r.verify),
        validFrom: validity(r.startDatetime, zone),
        validTo: validity(r.endDatetime, zone),
        source: `device:${sn}`,
      })
    } else if (r.kind === 'USERPIC' || r.kind === 'BIOPHOTO') {
      rows.photos.push({
        pin: r.pin,
        kind: r.kind === 'USERPIC' ? 'userpic' : 'biophoto',
        bioType: r.kind === 'BIOPHOTO' ? r.type : 0,
        fileName: r.fileName,
        image: new Uint8Array(Buffer.from(r.content, 'base64')),
        sourceSn: sn,
      })
    } else if (r.kind === 'IDCARD') {
      const name = r.fields.Name ?? r.fields.name
      if (name) rows.idNames.push({ pin: r.pin, name, source: `device:${sn}` })
    } else {
      const row = templateRow(r, sn)
      if (row) rows.templates.push(row)
    }
  }
  const count =
    rows.persons.length + rows.templates.length + rows.photos.length + rows.idNames.length
  return count > 0 ? rows : undefined
}

/**
 * Upserts a terminal's people, templates and photos in the caller's transaction, except those of PINs in `skip`
 * (being deleted from that terminal); resolves to the enrolments to fan out once committed. A re-sent batch
 * changes nothing.
 */
export async function storeEnrolments(
  tx: Tx,
  sn: string,
  rows: EnrolmentRows,
  skip: ReadonlySet<string>,
): Promise<EnrolledEvent[]> {
  const enrolled: EnrolledEvent[] = []
  const current = <T extends { pin: string }>(list: T[]) => list.filter((r) => !skip.has(r.pin))
  const uniquePersons = lastByKey(current(rows.persons), (p) => p.pin)
  for (const chunk of statementChunks(people, uniquePersons)) {
    await tx
      .insert(people)
      .values(chunk)
      .onConflictDoUpdate({
        target: people.pin,
        set: {
          name: sql`excluded.name`,
          privilege: sql`excluded.privilege`,
          password: sql`excluded.password`,
          card: sql`excluded.card`,
          verify: sql`excluded.verify`,
          validFrom: sql`excluded.valid_from`,
          validTo: sql`excluded.valid_to`,
          updatedAt: sql`now()`,
        },
      })
  }
  for (const p of uniquePersons) enrolled.push({ sn, pin: p.pin, kind: 'user' })
  const uniqueIdNames = lastByKey(current(rows.idNames), (p) => p.pin)
  for (const chunk of statementChunks(people, uniqueIdNames)) {
    await tx.insert(people).values(chunk).onConflictDoNothing()
  }
  const uniqueTemplates = lastByKey(
    current(rows.templates),
    (t) => `${t.pin}\t${t.kind}\t${t.bioType}\t${t.no}\t${t.index}`,
  )
  const stored: Array<{ id: number; pin: string }> = []
  for (const chunk of statementChunks(templates, uniqueTemplates)) {
    const ids = await tx
      .insert(templates)
      .values(chunk)
      .onConflictDoUpdate({
        target: [templates.pin, templates.kind, templates.bioType, templates.no, templates.index],
        set: {
          valid: sql`excluded.valid`,
          duress: sql`excluded.duress`,
          majorVer: sql`excluded.major_ver`,
          minorVer: sql`excluded.minor_ver`,
          format: sql`excluded.format`,
          template: sql`excluded.template`,
          sourceSn: sql`excluded.source_sn`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: templates.id, pin: templates.pin })
    stored.push(...ids)
  }
  const byPin = new Map<string, number[]>()
  for (const t of stored) byPin.set(t.pin, [...(byPin.get(t.pin) ?? []), t.id])
  for (const [pin, templateIds] of byPin) enrolled.push({ sn, pin, kind: 'template', templateIds })
  const uniquePhotos = lastByKey(current(rows.photos), (p) => `${p.pin}\t${p.kind}\t${p.bioType}`)
  for (const chunk of statementChunks(personPhotos, uniquePhotos)) {
    await tx
      .insert(personPhotos)
      .values(chunk)
      .onConflictDoUpdate({
        target: [personPhotos.pin, personPhotos.kind, personPhotos.bioType],
        set: {
          fileName: sql`excluded.file_name`,
          image: sql`excluded.image`,
          sourceSn: sql`excluded.source_sn`,
          updatedAt: sql`now()`,
        },
      })
  }
  return enrolled
}
