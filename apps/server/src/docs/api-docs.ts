import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import { API_INFO, API_PATHS } from './api-info'
import { docsPage } from './docs-page'
import { docsScript } from './docs-script'

/**
 * The API's self-description, without auth: the OpenAPI document, the docs page (whose script the server serves
 * itself, so it works on a LAN without internet) and the `/api` index linking them.
 */
export function apiDocsRoutes() {
  const page = docsPage()
  const script = docsScript()
  return new Elysia({ name: 'api-docs' })
    .use(
      openapi({
        // The plugin's page is replaced by ours below; the plugin serves the document.
        provider: null,
        specPath: API_PATHS.openapi,
        documentation: {
          info: { ...API_INFO },
          components: {
            securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
          },
          security: [{ bearer: [] }],
        },
        exclude: { paths: [/^\/iclock/] },
      }),
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
        detail: {
          tags: ['meta'],
          summary: 'What this API is and where it describes itself (no auth)',
          security: [],
        },
      },
    )
}
