import { Elysia, t } from 'elysia'
import { ValidationError } from '../errors'
import { publicPunch } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { PunchSchema } from './punch-schemas'
import { checkZone, punchTime } from './time-input'
import type { WithPrincipal } from './with-principal'

/** POST /api/attendance: a punch entered by hand (forgotten badge, broken terminal). */
export function manualPunchRoutes({
  punches,
  punchFeed,
  people,
  devices,
  defaultTimeZone,
}: Pick<ApiDeps, 'punches' | 'punchFeed' | 'people' | 'devices' | 'defaultTimeZone'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'manual-punch-routes',
    prefix: '/attendance',
  }).post(
    '',
    async ({ body, principal, set }) => {
      if (!(await people.exists(body.pin))) {
        throw new ValidationError(`unknown person PIN ${body.pin}`)
      }
      let zone = body.timeZone ? checkZone(body.timeZone) : undefined
      if (body.sn !== undefined) {
        const device = await devices.get(body.sn)
        if (!device) throw new ValidationError(`unknown device ${body.sn}`)
        zone ??= device.timeZone ?? undefined
      }
      const { localTime, punchedAt } = punchTime(body.time, zone ?? defaultTimeZone)
      const { created, punch } = await punches.addManual({
        ...(body.sn !== undefined ? { sn: body.sn } : {}),
        pin: body.pin,
        localTime,
        punchedAt,
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.workCode !== undefined ? { workCode: body.workCode } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
        createdBy: principal.name,
      })
      if (created) {
        set.status = 201
        punchFeed.announce()
      }
      return { created, punch: publicPunch(punch) }
    },
    {
      body: t.Object({
        pin: t.String({ minLength: 1, maxLength: 24 }),
        sn: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
        time: t.String({
          description:
            "'YYYY-MM-DD HH:MM:SS' in timeZone (default: the device's, else the server's), or an ISO instant",
        }),
        timeZone: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
        status: t.Optional(
          t.Integer({
            minimum: 0,
            maximum: 255,
            description: 'punch state: 0 check-in (default) … 255 none',
          }),
        ),
        workCode: t.Optional(t.String({ maxLength: 32 })),
        note: t.Optional(t.String({ maxLength: 500 })),
      }),
      parse: 'json',
      response: apiReplies(
        {
          200: t.Object(
            { created: t.Literal(false), punch: PunchSchema },
            { description: 'a repeat' },
          ),
          201: t.Object({ created: t.Literal(true), punch: PunchSchema }),
        },
        400,
      ),
      detail: {
        tags: ['attendance'],
        summary: 'Add a manual punch',
        description:
          "Stored with source 'manual' and created_by = the caller; without `sn` it is filed under the " +
          "reserved device 'manual'. Idempotent on (device, PIN, local time, state): a repeat answers 200 " +
          'with `created: false`.',
      },
    },
  )
}
