import { Elysia, t } from 'elysia'
import { COMMAND_STATUSES, type CommandRow } from '../commands'
import type { DeviceRow } from '../devices'
import { NotFoundError, ValidationError } from '../errors'
import { apiReplies } from './api-replies'
import { commandFor, commandRequestBody } from './command-request'
import type { ApiDeps } from './deps'
import { snParams } from './devices'
import { rowId } from './id-params'
import { Instant, nullable, pageOf } from './page-query'
import { oneOf } from './people-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['commands']

/** A command as the API shows it: the wire text, where it is in its life, and what the device answered. */
export const CommandSchema = t.Object({
  id: t.Integer({ description: 'the id the device is sent (`C:<id>:`)' }),
  sn: t.String(),
  type: t.String(),
  text: t.String({ description: 'the command text after `C:<id>:`, as last delivered' }),
  status: oneOf(COMMAND_STATUSES),
  reason: nullable(t.String({ description: 'why it failed: cancelled, expired, superseded, …' })),
  attempts: t.Integer(),
  returnCode: nullable(t.Integer()),
  resultMeaning: nullable(t.String()),
  result: nullable(t.Record(t.String(), t.Unknown())),
  createdBy: nullable(t.String()),
  createdAt: Instant,
  sentAt: nullable(Instant),
  completedAt: nullable(Instant),
  expiresAt: Instant,
})

/** A command just queued: its id and status (`queued`, or the pending one a repeat returned). */
const QueuedCommandSchema = t.Object({ id: t.Integer(), status: oneOf(COMMAND_STATUSES) })

export function commandView(row: CommandRow): typeof CommandSchema.static {
  return {
    id: row.id,
    sn: row.sn,
    type: row.type,
    text: row.text,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    returnCode: row.returnCode,
    resultMeaning: row.resultMeaning,
    result: row.result,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  }
}

/** A command to many devices: every approved device, or those of a group. */
const fleetCommandBody = t.Object(
  {
    ...commandRequestBody.properties,
    all: t.Optional(t.Literal(true, { description: 'every approved device' })),
    group: t.Optional(t.String({ description: 'the approved devices of this group (id or name)' })),
  },
  { additionalProperties: false },
)

/** Queue commands for a device or a fleet, follow them to their result, cancel one not yet sent. */
export function commandRoutes({
  devices,
  commands,
  people,
  defaultTimeZone,
  now,
}: Pick<ApiDeps, 'devices' | 'commands' | 'people' | 'defaultTimeZone' | 'now'>) {
  /** The approved devices a fleet command goes to. */
  async function fleetOf(body: { all?: true; group?: string }): Promise<DeviceRow[]> {
    if ((body.all === true) === (body.group !== undefined)) {
      throw new ValidationError('give either "all": true or "group"')
    }
    const approved = await devices.list({ status: 'approved' })
    if (body.all) return approved
    const members = new Set(await people.devicesOfGroup(body.group ?? ''))
    return approved.filter((d) => members.has(d.sn))
  }

  return new Elysia<'', WithPrincipal>({ name: 'api-commands' })
    .post(
      '/commands',
      async ({ body, principal, set }) => {
        const { all, group, ...request } = body
        const fleet = await fleetOf({ ...(all ? { all } : {}), ...(group ? { group } : {}) })
        const at = now()
        // Each device gets its own text: set-time and query bounds are read in its zone, reboots in its dialect.
        const inputs = fleet.map((device) => ({
          sn: device.sn,
          type: request.type,
          command: commandFor(request, device.timeZone ?? defaultTimeZone, at, device.deviceType),
        }))
        const queued = await commands.enqueueFor(principal, inputs)
        set.status = 201
        // enqueueMany answers one command per input, in order.
        return {
          commands: inputs.flatMap((input, i) => {
            const q = queued[i]
            return q ? [{ sn: input.sn, ...q }] : []
          }),
        }
      },
      {
        body: fleetCommandBody,
        parse: 'json',
        response: apiReplies(
          {
            201: t.Object({
              commands: t.Array(t.Object({ sn: t.String(), ...QueuedCommandSchema.properties })),
            }),
          },
          400,
        ),
        detail: {
          summary:
            'Queue one command to every approved device, or to the approved devices of a group',
          description:
            'The same fields as a device command, plus `all: true` or `group`. Queued all or none; the answer lists each device with its command id. A group without approved devices queues nothing.',
          tags,
        },
      },
    )
    .post(
      '/commands/:id/cancel',
      async ({ params, principal }) => commandView(await commands.cancel(params.id, principal)),
      {
        params: t.Object({ id: rowId('serial') }),
        response: apiReplies({ 200: CommandSchema }, 400, 404, 409),
        detail: {
          summary: 'Cancel a command not yet sent (it ends failed, reason cancelled)',
          description:
            'A command already sent may be running on the device: 409. So is one that has ended.',
          tags,
        },
      },
    )
    .post(
      '/devices/:sn/commands',
      async ({ params, body, principal, set }) => {
        const device = await devices.get(params.sn)
        if (!device) throw new NotFoundError(`device ${params.sn}`)
        const zone = device.timeZone ?? defaultTimeZone
        const command = commandFor(body, zone, now(), device.deviceType)
        const [queued] = await commands.enqueueFor(principal, [
          { sn: params.sn, type: body.type, command },
        ])
        if (!queued) throw new Error('unreachable: one input queues one command')
        set.status = 201
        return queued
      },
      {
        params: snParams,
        body: commandRequestBody,
        parse: 'json',
        response: apiReplies({ 201: QueuedCommandSchema }, 400, 404),
        detail: {
          summary:
            'Queue a command (reboot, update-user, delete-user, set-time, check, info, clear-log, query-attlog, raw)',
          description:
            'The answer carries the numeric command id the device will be sent (`C:<id>:`). reboot sends `REBOOT` (attendance firmware) unless `method: "control"` asks for `CONTROL DEVICE 03000000` (always sent to terminals that never acknowledge, whose commands end `delivered`); a newer reboot supersedes a pending one; set-time sends `SET OPTION DateTime=<zk-seconds>` of the device-local wall clock (`SET OPTIONS` to access-control firmware); a second pending set-time returns the first.',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/commands',
      async ({ params, query }) => {
        const page = await commands.listForDevice(params.sn, {
          limit: query.limit ?? 50,
          ...(query.cursor ? { cursor: query.cursor } : {}),
          ...(query.status ? { status: query.status } : {}),
        })
        return { items: page.items.map(commandView), nextCursor: page.nextCursor ?? null }
      },
      {
        params: snParams,
        query: t.Object({
          status: t.Optional(oneOf(COMMAND_STATUSES)),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 50 })),
          cursor: t.Optional(t.String({ maxLength: 200 })),
        }),
        response: apiReplies({ 200: pageOf(CommandSchema) }, 400),
        detail: { summary: "A device's commands, newest first (keyset cursor)", tags },
      },
    )
    .get(
      '/commands/:id',
      async ({ params }) => {
        const row = await commands.get(params.id)
        if (!row) throw new NotFoundError(`command ${params.id}`)
        return commandView(row)
      },
      {
        params: t.Object({ id: rowId('serial') }),
        response: apiReplies({ 200: CommandSchema }, 400, 404),
        detail: {
          summary: 'A command: status, attempts, return code and its meaning, timestamps',
          tags,
        },
      },
    )
}
