import { Elysia, t } from 'elysia'
import { replies } from '../http/replies'
import { API_INFO, API_PATHS } from './api-info'
import { docsPage } from './docs-page'
import { docsScript } from './docs-script'
import { openApiDocument } from './openapi-document'

const IndexSchema = t.Object({
  name: t.String(),
  version: t.String(),
  links: t.Object({ docs: t.String(), openapi: t.String(), health: t.String() }),
})

/**
 * The API's self-description, without auth: the OpenAPI document, the docs page (whose script the server serves
 * itself, so it works on a LAN without internet) and the `/api` index linking them.
 */
export function apiDocsRoutes() {
  const page = docsPage()
  const script = docsScript()
  const docs = new Elysia({ name: 'api-docs' })
  // Built on the first request, once every route is mounted; rebuilt if a route was added since.
  let document: { routes: number; body: Record<string, unknown> } | undefined
  return docs
    .get(
      API_PATHS.openapi,
      () => {
        const routes = docs.routes.length
        if (document?.routes !== routes) document = { routes, body: openApiDocument(docs) }
        return document.body
      },
      { detail: { hide: true } },
    )
    .get(
      API_PATHS.docs,
      () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      { detail: { hide: true } },
    )
    .get(API_PATHS.docsScript, ({ request }) => script(request), { detail: { hide: true } })
    .get(
      API_PATHS.index,
      () => ({
        name: API_INFO.title,
        version: API_INFO.version,
        links: { docs: API_PATHS.docs, openapi: API_PATHS.openapi, health: API_PATHS.health },
      }),
      {
        response: replies({ 200: IndexSchema }, 500),
        detail: {
          tags: ['meta'],
          summary: 'What this API is and where it describes itself (no auth)',
          security: [],
        },
      },
    )
}
