import { Elysia, t } from 'elysia'
import type { FeedPunch } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import type { WithPrincipal } from './with-principal'

/** Bun ends a connection silent for its idle timeout (30 s): a comment line well inside it keeps the stream open. */
const KEEP_ALIVE_MS = 15_000

/** One server-sent event. */
function sseEvent(event: string, data: unknown, id?: number): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`
}

/**
 * GET /api/events: a server-sent event stream of punches as they are committed by any server process (the
 * console's live feed; no polling). `ready` once the stream is live, then one `punch` event per new punch.
 */
export function eventRoutes({ punchFeed }: Pick<ApiDeps, 'punchFeed'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-events' }).get(
    '/events',
    ({ request }) => {
      const encoder = new TextEncoder()
      let end = () => {}
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          let open = true
          let unsubscribe = () => {}
          const heartbeat = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS)
          end = () => {
            if (!open) return
            open = false
            clearInterval(heartbeat)
            unsubscribe()
            try {
              controller.close()
            } catch {
              // already closed by the client going away
            }
          }
          function send(text: string): void {
            if (!open) return
            try {
              controller.enqueue(encoder.encode(text))
            } catch {
              end()
            }
          }
          request.signal.addEventListener('abort', () => end())
          unsubscribe = await punchFeed.subscribe((batch: FeedPunch[]) => {
            send(batch.map((p) => sseEvent('punch', p, p.id)).join(''))
          })
          if (!open) unsubscribe()
          // The browser retries after 2 s when the stream drops (a server restart).
          send(`retry: 2000\n${sseEvent('ready', { at: new Date().toISOString() })}`)
        },
        cancel() {
          end()
        },
      })
      return new Response(stream, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          // A reverse proxy must pass events on as they come, not buffer the stream.
          'x-accel-buffering': 'no',
        },
      })
    },
    {
      response: apiReplies({
        200: t.String({
          description:
            'text/event-stream: `event: ready`, then per punch `event: punch` with `id: <punch id>` and the punch as JSON',
        }),
      }),
      detail: {
        tags: ['events'],
        summary: 'Live punches as server-sent events (`ready`, then `punch` per new punch)',
        description:
          'Every server process sees every punch: the one that commits announces it with a Postgres NOTIFY. ' +
          'A live view for screens; the attendance list is the record.',
      },
    },
  )
}
