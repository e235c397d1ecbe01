import { isTimeZone, SERIAL_PATTERN } from '@webroster/protocol'
import { Elysia, t } from 'elysia'
import { actorName } from '../audit/actor'
import { decodeCursor, encodeCursor } from '../cursor'
import { NotFoundError, ValidationError } from '../errors'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { type DeviceViewDeps, DeviceViewSchema, deviceView, deviceViews } from './device-view'
import { rowId } from './id-params'
import { pageOf } from './page-query'
import type { WithPrincipal } from './with-principal'

const tags = ['devices']
export const snParams = t.Object({
  sn: t.String({ pattern: SERIAL_PATTERN, description: 'device serial number' }),
})

/** What re-reading a device's punches in its zone did (`RereadOutcome`). */
export const RereadSchema = t.Object({
  reread: t.Integer({ description: 'punches read again in the zone now set' }),
  unreadable: t.Integer({ description: 'punches whose wall-clock time could not be read' }),
})

const QueuedSchema = t.Object({ queued: t.Integer({ description: 'commands queued' }) })

const DeviceUpdateSchema = t.Object({
  ...DeviceViewSchema.properties,
  ...QueuedSchema.properties,
  reread: t.Optional(RereadSchema),
})

const deviceReply = apiReplies({ 200: DeviceViewSchema }, 400, 404)

/** Terminals: list, admission, settings, group membership, token, removal and re-provisioning. */
export function deviceRoutes(deps: DeviceViewDeps & Pick<ApiDeps, 'rereadPunches'>) {
  const { devices, people, rereadPunches } = deps
  const load = async (sn: string) => {
    const row = await devices.get(sn)
    if (!row) throw new NotFoundError(`device ${sn}`)
    return row
  }
  return new Elysia<'', WithPrincipal>({ name: 'api-devices' })
    .get(
      '/devices',
      async ({ query }) => {
        const limit = query.limit ?? 100
        const [after] = query.cursor ? decodeCursor(query.cursor, 1) : []
        const rows = await devices.list({
          limit: limit + 1,
          ...(after !== undefined ? { after } : {}),
          ...(query.status ? { status: query.status } : {}),
        })
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        return {
          items: await deviceViews(deps, page),
          nextCursor: rows.length > limit && last ? encodeCursor([last.sn]) : null,
        }
      },
      {
        query: t.Object({
          status: t.Optional(
            t.Union([t.Literal('pending'), t.Literal('approved'), t.Literal('refused')]),
          ),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          cursor: t.Optional(t.String({ maxLength: 400 })),
        }),
        response: apiReplies({ 200: pageOf(DeviceViewSchema) }, 400),
        detail: {
          summary:
            'List devices in serial order (keyset cursor): status, last seen, last knock, online, telemetry, punch and pending-command counts',
          tags,
        },
      },
    )
    .get('/devices/:sn', async ({ params }) => deviceView(deps, await load(params.sn)), {
      params: snParams,
      response: deviceReply,
      detail: { summary: 'Get a device, with the options it pushed', tags },
    })
    .post(
      '/devices/:sn/approve',
      async ({ params, principal }) => {
        await load(params.sn)
        return deviceView(deps, await devices.approve(params.sn, principal))
      },
      {
        params: snParams,
        response: deviceReply,
        detail: { summary: 'Approve a pending or refused device', tags },
      },
    )
    .post(
      '/devices/:sn/refuse',
      async ({ params, principal }) => {
        await load(params.sn)
        return deviceView(deps, await devices.refuse(params.sn, principal))
      },
      {
        params: snParams,
        response: deviceReply,
        detail: {
          summary:
            'Refuse a device: it stays known as refused, and nothing it sends is served or stored (only when it last knocked)',
          tags,
        },
      },
    )
    .patch(
      '/devices/:sn',
      async ({ params, body, principal }) => {
        if (body.timeZone && !isTimeZone(body.timeZone)) {
          throw new ValidationError(
            `"timeZone" must be an IANA zone such as Europe/Madrid, got "${body.timeZone}"`,
          )
        }
        await load(params.sn)
        if (body.name !== undefined || body.timeZone !== undefined) {
          await devices.update(
            params.sn,
            {
              ...(body.name !== undefined ? { name: body.name } : {}),
              ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
            },
            principal,
          )
        }
        const reread = body.timeZone ? await rereadPunches(params.sn) : undefined
        if (reread && reread.reread + reread.unreadable > 0) {
          await devices.recordChange(principal, params.sn, 'device.reread', null, reread)
        }
        let queued = 0
        if (body.groupIds) {
          const before = (await people.groupIdsOfDevices([params.sn])).get(params.sn)
          queued = await people.setDeviceGroups(actorName(principal), params.sn, body.groupIds)
          await devices.recordChange(
            principal,
            params.sn,
            'device.groups',
            { groupIds: before ?? [] },
            { groupIds: body.groupIds, queued },
          )
        }
        return {
          ...(await deviceView(deps, await load(params.sn))),
          queued,
          ...(reread ? { reread } : {}),
        }
      },
      {
        params: snParams,
        body: t.Object(
          {
            name: t.Optional(t.Union([t.String({ maxLength: 100 }), t.Null()])),
            timeZone: t.Optional(
              t.Union([t.String({ description: 'IANA zone; null = server default' }), t.Null()]),
            ),
            groupIds: t.Optional(t.Array(rowId('serial'), { uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        parse: 'json',
        response: apiReplies({ 200: DeviceUpdateSchema }, 400, 404),
        detail: {
          summary:
            'Rename, set the time zone (re-reads the punches stored under the default zone), set groups (joining a group queues its people; leaving one deletes those it no longer shares a group with)',
          tags,
        },
      },
    )
    .delete(
      '/devices/:sn',
      async ({ params, principal }) => {
        await devices.forget(params.sn, principal)
        return { deleted: params.sn }
      },
      {
        params: snParams,
        response: apiReplies({ 200: t.Object({ deleted: t.String() }) }, 400, 404),
        detail: {
          summary:
            'Forget a device: its row, groups, commands, logs, errors and rejected lines (punches stay); it registers afresh if it knocks again',
          tags,
        },
      },
    )
    .post(
      '/devices/:sn/token',
      async ({ params, set, principal }) => {
        await load(params.sn)
        const token = await devices.setToken(params.sn, principal)
        set.status = 201
        return { sn: params.sn, token }
      },
      {
        params: snParams,
        response: apiReplies(
          {
            201: t.Object({
              sn: t.String(),
              token: t.String({ description: 'the device secret: shown this once' }),
            }),
          },
          400,
          404,
        ),
        detail: {
          summary:
            'Issue a new device secret for token admission (shown once; replaces the old one)',
          tags,
        },
      },
    )
    .post(
      '/devices/:sn/sync',
      async ({ params, principal }) => {
        const queued = await people.syncDevice(actorName(principal), params.sn)
        await devices.recordChange(principal, params.sn, 'device.sync', null, { queued })
        return { queued }
      },
      {
        params: snParams,
        response: apiReplies({ 200: QueuedSchema }, 400, 404),
        detail: {
          summary:
            "Queue everyone of the device's groups with their usable templates (re-provision a replaced device)",
          tags,
        },
      },
    )
}
