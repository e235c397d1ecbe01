import { Elysia, t } from 'elysia'
import { COMMAND_STATUSES, type CommandRow } from '../commands'
import { NotFoundError } from '../errors'
import { actorName } from './actor-name'
import { commandFor, commandRequestBody } from './command-request'
import type { ApiDeps } from './deps'
import { snParams } from './devices'
import { rowId } from './id-params'
import { oneOf } from './people-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['commands']

/** A command as the API shows it: the wire text, where it is in its life, and what the device answered. */
export function commandView(row: CommandRow) {
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

/** Queue commands for a device and follow them to their result. */
export function commandRoutes({
  devices,
  commands,
  defaultTimeZone,
  now,
}: Pick<ApiDeps, 'devices' | 'commands' | 'defaultTimeZone' | 'now'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-commands' })
    .post(
      '/devices/:sn/commands',
      async ({ params, body, principal, set }) => {
        const device = await devices.get(params.sn)
        if (!device) throw new NotFoundError(`device ${params.sn}`)
        const zone = device.timeZone ?? defaultTimeZone
        const command = commandFor(body, zone, now(), device.deviceType)
        const queued = await commands.enqueue({
          sn: params.sn,
          type: body.type,
          command,
          createdBy: actorName(principal),
        })
        set.status = 201
        return queued
      },
      {
        params: snParams,
        body: commandRequestBody,
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
        detail: {
          summary: 'A command: status, attempts, return code and its meaning, timestamps',
          tags,
        },
      },
    )
}
