import { Elysia } from 'elysia'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { RereadSchema, snParams } from './devices'
import type { WithPrincipal } from './with-principal'

/** `POST /devices/:sn/reread-punches`: the same re-read on demand (punches that arrived during the change). */
export function deviceZoneRoutes({
  rereadPunches,
  devices,
}: Pick<ApiDeps, 'rereadPunches' | 'devices'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-device-zone' }).post(
    '/devices/:sn/reread-punches',
    async ({ params, principal }) => {
      const outcome = await rereadPunches(params.sn)
      if (outcome.reread + outcome.unreadable > 0) {
        await devices.recordChange(principal, params.sn, 'device.reread', null, outcome)
      }
      return outcome
    },
    {
      params: snParams,
      response: apiReplies({ 200: RereadSchema }, 400, 404),
      detail: {
        summary:
          "Re-read the punches stored while the device's zone was the server default, in the zone set on it",
        tags: ['devices'],
      },
    },
  )
}
