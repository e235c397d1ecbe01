import { Elysia } from 'elysia'
import { rereadInDeviceZone } from '../ingest/zone-reread'
import type { Services } from '../services'
import { snParams } from './devices'
import type { WithPrincipal } from './with-principal'

/** `POST /devices/:sn/reread-punches`: the same re-read on demand (punches that arrived during the change). */
export function deviceZoneRoutes(services: Services) {
  return new Elysia<'', WithPrincipal>({ name: 'api-device-zone' }).post(
    '/devices/:sn/reread-punches',
    ({ params }) => rereadInDeviceZone(services, params.sn),
    {
      params: snParams,
      detail: {
        summary:
          "Re-read the punches stored while the device's zone was the server default, in the zone set on it",
        tags: ['devices'],
      },
    },
  )
}
