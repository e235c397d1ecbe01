import { Elysia, t } from 'elysia'
import { type PunchCorrectionRow, publicPunch } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import { nullable } from './page-query'
import { CorrectionSchema, PunchSchema } from './punch-schemas'
import { checkZone, punchTime } from './time-input'
import type { WithPrincipal } from './with-principal'

const tags = ['attendance']

function correctionView(c: PunchCorrectionRow): typeof CorrectionSchema.static {
  return {
    id: c.id,
    punchId: c.punchId,
    action: c.action,
    replacementId: c.replacementId,
    reason: c.reason,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
  }
}

/** Edit or void a punch with a reason (the device's record stays as it came), and read a punch's history. */
export function punchCorrectionRoutes({
  punches,
  devices,
  defaultTimeZone,
}: Pick<ApiDeps, 'punches' | 'devices' | 'defaultTimeZone'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'api-punch-corrections',
    prefix: '/attendance',
  })
    .post(
      '/:id/corrections',
      async ({ params, body, principal, set }) => {
        let input: Parameters<typeof punches.correct>[1]
        if (body.action === 'void') {
          input = { action: 'void', reason: body.reason, actor: principal }
        } else {
          const current = await punches.get(params.id)
          const device = current ? await devices.get(current.sn) : undefined
          const zone = body.timeZone
            ? checkZone(body.timeZone)
            : (device?.timeZone ?? defaultTimeZone)
          input = {
            action: 'edit',
            ...(body.time !== undefined ? punchTime(body.time, zone) : {}),
            ...(body.status !== undefined ? { status: body.status } : {}),
            reason: body.reason,
            actor: principal,
          }
        }
        const out = await punches.correct(params.id, input)
        set.status = 201
        return {
          correction: correctionView(out.correction),
          punch: out.punch ? publicPunch(out.punch) : null,
        }
      },
      {
        params: t.Object({ id: rowId() }),
        body: t.Object({
          action: t.Union([t.Literal('edit'), t.Literal('void')]),
          reason: t.String({
            minLength: 1,
            maxLength: 500,
            description: 'why: kept with the correction',
          }),
          time: t.Optional(
            t.String({
              description:
                "edit: 'YYYY-MM-DD HH:MM:SS' in timeZone (default: the device's) or an ISO instant",
            }),
          ),
          timeZone: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
          status: t.Optional(
            t.Integer({ minimum: 0, maximum: 255, description: 'edit: punch state' }),
          ),
        }),
        parse: 'json',
        response: apiReplies(
          {
            201: t.Object({
              correction: CorrectionSchema,
              punch: nullable(PunchSchema),
            }),
          },
          400,
          404,
          409,
        ),
        detail: {
          summary: 'Correct a punch: edit its time or state, or void it, with a reason',
          description:
            "The device's record is never altered: an edit stores a new version (source `correction`, the reason as its note) and the list, the export and timesheets read that one; a void takes the punch out of them. Only a punch's current version can be corrected (409 otherwise).",
          tags,
        },
      },
    )
    .get(
      '/:id/history',
      async ({ params }) =>
        (await punches.history(params.id)).map((v) => ({
          punch: publicPunch(v.punch),
          correction: v.correction ? correctionView(v.correction) : null,
        })),
      {
        params: t.Object({ id: rowId() }),
        response: apiReplies(
          {
            200: t.Array(t.Object({ punch: PunchSchema, correction: nullable(CorrectionSchema) })),
          },
          400,
          404,
        ),
        detail: {
          summary:
            "A punch's versions, oldest first, each with the correction that replaced or voided it",
          tags,
        },
      },
    )
}
