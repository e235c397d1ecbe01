import { and, asc, eq } from 'drizzle-orm'
import type { Actor } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { Db } from '../db'
import { people, personPhotos, templates } from '../db/schema'
import { NotFoundError } from '../errors'
import { devicesByPerson, targetDevices } from './audience'
import { templateDeleteCommand } from './person-commands'
import type { ProvisionContext } from './provisioning'
import type { Queryable, QueueInput } from './queue'

export interface TemplateView {
  id: number
  kind: string
  bioType: number
  no: number
  index: number
  valid: number
  duress: number
  majorVer: string
  minorVer: string
  format: number
  size: number
  sourceSn: string | null
  createdAt: string
  updatedAt: string
  template?: string
}

export interface PhotoView {
  kind: string
  bioType: number
  fileName: string
  size: number
  sourceSn: string | null
  updatedAt: string
}

/** A person's credentials: card, templates (data only when asked) and photo metadata. */
export async function listCredentials(db: Queryable, pin: string, includeTemplates: boolean) {
  const [person] = await db.select().from(people).where(eq(people.pin, pin))
  if (!person) throw new NotFoundError(`person ${pin}`)
  const rows = await db
    .select()
    .from(templates)
    .where(eq(templates.pin, pin))
    .orderBy(asc(templates.id))
  const photos = await db.select().from(personPhotos).where(eq(personPhotos.pin, pin))
  return {
    pin,
    card: person.card,
    templates: rows.map(
      (t): TemplateView => ({
        id: t.id,
        kind: t.kind,
        bioType: t.bioType,
        no: t.no,
        index: t.index,
        valid: t.valid,
        duress: t.duress,
        majorVer: t.majorVer,
        minorVer: t.minorVer,
        format: t.format,
        size: t.template.length,
        sourceSn: t.sourceSn,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
        ...(includeTemplates ? { template: t.template } : {}),
      }),
    ),
    photos: photos.map(
      (p): PhotoView => ({
        kind: p.kind,
        bioType: p.bioType,
        fileName: p.fileName,
        size: p.image.byteLength,
        sourceSn: p.sourceSn,
        updatedAt: p.updatedAt.toISOString(),
      }),
    ),
  }
}

/**
 * Deletes one template and, in the same transaction, queues the matching `DATA DELETE FINGERTMP/FACE/FVEIN/
 * BIODATA` to every device of the person's groups. Returns the number of commands queued.
 */
export async function deleteTemplate(
  db: Db,
  ctx: ProvisionContext,
  actor: Actor,
  pin: string,
  id: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(templates)
      .where(and(eq(templates.pin, pin), eq(templates.id, id)))
      .returning()
    if (!row) throw new NotFoundError(`template ${id} of person ${pin}`)
    const sns = [...((await devicesByPerson(tx, [pin])).get(pin) ?? [])].sort()
    const targets = await targetDevices(tx, sns, ctx.defaultZone)
    const inputs: QueueInput[] = [...targets.values()].map((device) => ({
      sn: device.sn,
      type: 'delete-template',
      command: templateDeleteCommand(row, device.dialect),
      createdBy: ctx.createdBy,
    }))
    if (inputs.length > 0) await ctx.queue.enqueueMany(inputs, tx)
    // The biometric data itself stays out of the audit log: which template went is what it needs.
    const { template: _data, ...before } = row
    await recordAudit(tx, {
      actor,
      action: 'template.delete',
      entity: 'person',
      entityId: pin,
      before: { ...before, size: row.template.length },
    })
    return inputs.length
  })
}
