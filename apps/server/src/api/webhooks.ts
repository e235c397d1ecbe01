import { randomBytes } from 'node:crypto'
import { Elysia, t } from 'elysia'
import { ValidationError } from '../errors'
import type { Services } from '../services'
import { type DestinationRule, refusedDestination } from '../webhooks/destination'
import { SEND_TIMEOUT_MS, sendWebhook } from '../webhooks/sender'
import { WEBHOOK_SECRET_PATTERN } from '../webhooks/signature'
import { redactCredentials } from '../webhooks/url-credentials'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  publicWebhook,
  updateWebhook,
} from '../webhooks/webhook-store'
import { idParams, rowId } from './id-params'
import type { WithPrincipal } from './with-principal'

const EventName = t.Union([
  t.Literal('punch'),
  t.Literal('device-online'),
  t.Literal('device-offline'),
  t.Literal('command-result'),
  t.Literal('person-enrolled'),
])
const Events = t.Array(EventName, { minItems: 1, uniqueItems: true })
const Url = t.String({ pattern: '^https?://', maxLength: 2048, description: 'http(s) URL' })
const Secret = t.String({
  pattern: WEBHOOK_SECRET_PATTERN,
  description: '`whsec_` and the base64 of 24–64 random bytes (Standard Webhooks)',
})
const tags = ['webhooks']

/** The URL as it will be stored (normalised), or a 400: not http(s), or a destination the rule refuses. */
async function checkUrl(url: string, rule: DestinationRule): Promise<string> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ValidationError(`not an http(s) URL: ${redactCredentials(url)}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`not an http(s) URL: ${redactCredentials(url)}`)
  }
  const refused = await refusedDestination(parsed, rule)
  if (refused) throw new ValidationError(refused)
  return parsed.toString()
}

/** What a test delivery tells the caller when it fails: the same whatever failed, so it cannot map a network. */
const NOT_DELIVERED = 'the receiver did not accept the test delivery (see the server log)'

/** Webhook subscriptions and their delivery log, under /api/webhooks. */
export function webhookRoutes(services: Services) {
  const { db } = services
  const rule: DestinationRule = { allowPrivate: services.config.webhookAllowPrivate }
  return new Elysia<'/webhooks', WithPrincipal>({ name: 'webhook-routes', prefix: '/webhooks' })
    .post(
      '/',
      async ({ body, set, principal }) => {
        const row = await createWebhook(db, { ...body, url: await checkUrl(body.url, rule) })
        set.status = 201
        // The only time the secret is shown.
        return { ...publicWebhook(row, principal), secret: row.secret }
      },
      {
        body: t.Object({ url: Url, events: Events, secret: t.Optional(Secret) }),
        detail: {
          tags,
          summary: 'Subscribe a URL to events',
          description:
            'Returns the signing secret once. Deliveries are POSTed as JSON `{ id, event, createdAt, data }` ' +
            'signed as Standard Webhooks sign them (any `standardwebhooks` library verifies them): headers ' +
            '`webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256(' +
            'key, "<id>.<timestamp>.<body>")>`, the key being the base64 after `whsec_`; retried with backoff ' +
            'up to 8 times.',
        },
      },
    )
    .get(
      '/',
      async ({ principal }) => (await listWebhooks(db)).map((row) => publicWebhook(row, principal)),
      {
        detail: {
          tags,
          summary:
            'List webhooks (secrets are never shown; credentials in URLs only to the admin token)',
        },
      },
    )
    .patch(
      '/:id',
      async ({ params, body, principal }) => {
        const row = await updateWebhook(db, params.id, {
          ...body,
          ...(body.url !== undefined ? { url: await checkUrl(body.url, rule) } : {}),
        })
        return publicWebhook(row, principal)
      },
      {
        params: idParams,
        body: t.Object({
          url: t.Optional(Url),
          events: t.Optional(Events),
          active: t.Optional(t.Boolean()),
          secret: t.Optional(Secret),
        }),
        detail: { tags, summary: 'Change a webhook (URL, events, active, secret)' },
      },
    )
    .delete(
      '/:id',
      async ({ params, set }) => {
        await deleteWebhook(db, params.id)
        set.status = 204
      },
      { params: idParams, detail: { tags, summary: 'Delete a webhook and its delivery log' } },
    )
    .get(
      '/:id/deliveries',
      async ({ params, query }) => {
        await getWebhook(db, params.id)
        return listDeliveries(db, params.id, {
          limit: query.limit ?? 50,
          ...(query.status ? { status: query.status } : {}),
          ...(query.before ? { before: query.before } : {}),
        })
      },
      {
        params: idParams,
        query: t.Object({
          status: t.Optional(
            t.Union([t.Literal('pending'), t.Literal('delivered'), t.Literal('failed')]),
          ),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })),
          before: t.Optional(rowId('bigserial', 'page: deliveries with a smaller id')),
        }),
        detail: {
          tags,
          summary: 'Delivery log: attempts, last HTTP status or error, timestamps (newest first)',
        },
      },
    )
    .post(
      '/:id/test',
      async ({ params }) => {
        const hook = await getWebhook(db, params.id)
        const started = Date.now()
        const outcome = await sendWebhook(
          hook.url,
          hook.secret,
          {
            id: `test_${randomBytes(8).toString('hex')}`,
            event: 'test',
            createdAt: services.now(),
            data: { webhookId: hook.id, message: 'test delivery from Webroster' },
          },
          services.now(),
          rule,
        )
        if (outcome.ok) return { delivered: true, status: outcome.status ?? null, error: null }
        services.log.info('webhook test delivery failed', {
          webhook: hook.id,
          error: outcome.error,
          status: outcome.status,
        })
        // Every failure answers after the full send timeout: a refused port would otherwise answer sooner
        // than a silent one.
        await Bun.sleep(Math.max(0, started + SEND_TIMEOUT_MS - Date.now()))
        return { delivered: false, status: null, error: NOT_DELIVERED }
      },
      {
        params: idParams,
        detail: {
          tags,
          summary:
            'Send a signed `test` event now: delivered or not (the cause of a failure goes to the server log only)',
        },
      },
    )
}
