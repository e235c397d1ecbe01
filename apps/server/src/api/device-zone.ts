import { Elysia } from 'elysia'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { RereadSchema, snParams } from './devices'
import type { WithPrincipal } from './with-principal'

/** `POST /devices/:sn/reread-punches`: the same re-read on demand (punches that arrived during the change). */
export function deviceZoneRoutes({ rereadPunches }: Pick<ApiDeps, 'rereadPunches'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-device-zone' }).post(
    '/devices/:sn/reread-punches',
    ({ params }) => rereadPunches(params.sn),
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
