import { Elysia } from 'elysia'
import type { Services } from '../services'

/** The device protocol under /iclock. */
export function iclockRoutes(_services: Services) {
  return new Elysia({ name: 'iclock', prefix: '/iclock' })
}
