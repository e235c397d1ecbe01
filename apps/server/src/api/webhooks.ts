import { randomBytes } from 'node:crypto'
import { Elysia, t } from 'elysia'
import { ValidationError } from '../errors'
import { NoContentSchema } from '../http/replies'
import { type DestinationRule, refusedDestination } from '../webhooks/destination'
import { SEND_TIMEOUT_MS, sendWebhook } from '../webhooks/sender'
import { WEBHOOK_SECRET_PATTERN } from '../webhooks/signature'
import { redactCredentials } from '../webhooks/url-credentials'
import { publicWebhook } from '../webhooks/webhook-store'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { idParams } from './id-params'
import { Instant, nullable, pageOf } from './page-query'
import type { WithPrincipal } from './with-principal'

const EventName = t.Union([
  t.Literal('punch'),
  t.Literal('device-online'),
  t.Literal('device-offline'),
  t.Literal('command-result'),
  t.Literal('person-enrolled'),
  t.Literal('timesheet.day.changed'),
])
const Events = t.Array(EventName, { minItems: 1, uniqueItems: true })
const Url = t.String({ pattern: '^https?://', maxLength: 2048, description: 'http(s) URL' })
const Secret = t.String({
  pattern: WEBHOOK_SECRET_PATTERN,
  description: '`whsec_` and the base64 of 24–64 random bytes (Standard Webhooks)',
})
const tags = ['webhooks']

/** A subscription as the API shows it (`publicWebhook`): never the secret. */
const WebhookSchema = t.Object({
  id: t.Integer(),
  url: t.String({ description: 'credentials in it are shown to the admin token only' }),
  events: t.Array(EventName),
  active: t.Boolean(),
  createdAt: Instant,
})

const CreatedWebhookSchema = t.Object({
  ...WebhookSchema.properties,
  secret: t.String({ description: 'the signing secret: shown this once' }),
})

const DeliverySchema = t.Object({
  id: t.Integer(),
  event: t.String(),
  status: t.Union([t.Literal('pending'), t.Literal('delivered'), t.Literal('failed')]),
  attempts: t.Integer(),
  lastStatus: nullable(t.Integer({ description: "the receiver's last HTTP status" })),
  lastError: nullable(t.String()),
  createdAt: Instant,
  nextAttemptAt: nullable(Instant),
  deliveredAt: nullable(Instant),
  payload: t.Unknown({ description: 'the JSON body delivered' }),
})

const TestDeliverySchema = t.Object({
  delivered: t.Boolean(),
  status: nullable(t.Integer({ description: "the receiver's HTTP status" })),
  error: nullable(t.String()),
})

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
export function webhookRoutes({
  webhooks,
  webhookAllowPrivate,
  now,
  log,
}: Pick<ApiDeps, 'webhooks' | 'webhookAllowPrivate' | 'now' | 'log'>) {
  const rule: DestinationRule = { allowPrivate: webhookAllowPrivate }
  return new Elysia<'/webhooks', WithPrincipal>({ name: 'webhook-routes', prefix: '/webhooks' })
    .post(
      '',
      async ({ body, set, principal }) => {
        const row = await webhooks.create(principal, {
          ...body,
          url: await checkUrl(body.url, rule),
        })
        set.status = 201
        // The only time the secret is shown.
        return { ...publicWebhook(row, principal), secret: row.secret }
      },
      {
        body: t.Object({ url: Url, events: Events, secret: t.Optional(Secret) }),
        parse: 'json',
        response: apiReplies({ 201: CreatedWebhookSchema }, 400),
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
      '',
      async ({ principal }) => (await webhooks.list()).map((row) => publicWebhook(row, principal)),
      {
        response: apiReplies({ 200: t.Array(WebhookSchema) }),
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
        const row = await webhooks.update(principal, params.id, {
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
        parse: 'json',
        response: apiReplies({ 200: WebhookSchema }, 400, 404),
        detail: { tags, summary: 'Change a webhook (URL, events, active, secret)' },
      },
    )
    .delete(
      '/:id',
      async ({ params, set, principal }) => {
        await webhooks.delete(principal, params.id)
        set.status = 204
      },
      {
        params: idParams,
        response: apiReplies({ 204: NoContentSchema }, 400, 404),
        detail: { tags, summary: 'Delete a webhook and its delivery log' },
      },
    )
    .get(
      '/:id/deliveries',
      async ({ params, query }) => {
        return webhooks.deliveries(params.id, {
          limit: query.limit ?? 50,
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        })
      },
      {
        params: idParams,
        query: t.Object({
          status: t.Optional(
            t.Union([t.Literal('pending'), t.Literal('delivered'), t.Literal('failed')]),
          ),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })),
          cursor: t.Optional(
            t.String({ maxLength: 200, description: 'nextCursor of the previous page' }),
          ),
        }),
        response: apiReplies({ 200: pageOf(DeliverySchema) }, 400, 404),
        detail: {
          tags,
          summary: 'Delivery log: attempts, last HTTP status or error, timestamps (newest first)',
        },
      },
    )
    .post(
      '/:id/test',
      async ({ params }) => {
        const hook = await webhooks.get(params.id)
        const started = Date.now()
        const outcome = await sendWebhook(
          hook.url,
          hook.secret,
          {
            id: `test_${randomBytes(8).toString('hex')}`,
            event: 'test',
            createdAt: now(),
            data: { webhookId: hook.id, message: 'test delivery from Webroster' },
          },
          now(),
          rule,
        )
        if (outcome.ok) return { delivered: true, status: outcome.status ?? null, error: null }
        log.info('webhook test delivery failed', {
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
        response: apiReplies({ 200: TestDeliverySchema }, 400, 404),
        detail: {
          tags,
          summary:
            'Send a signed `test` event now: delivered or not (the cause of a failure goes to the server log only)',
        },
      },
    )
}
