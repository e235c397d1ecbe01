import { API_INFO, API_PATHS } from './api-info'

/** Scalar's settings for the page; nothing it loads may come from elsewhere, as an office LAN has no internet. */
const PAGE_SETTINGS = {
  url: API_PATHS.openapi,
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  // Both send the document to a third-party service.
  agent: { disabled: true },
  mcp: { disabled: true },
}

/**
 * The docs page: Scalar's script from this server and the spec by its absolute path (the OpenAPI plugin's own page
 * loads the script from a CDN and gives the spec path without its leading `/`, so it resolved under /api/api/).
 */
export function docsPage(): string {
  const settings = JSON.stringify(PAGE_SETTINGS).replaceAll("'", '&#39;')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${API_INFO.title}</title>
  </head>
  <body>
    <script id="api-reference" data-configuration='${settings}'></script>
    <script src="${API_PATHS.docsScript}"></script>
  </body>
</html>
`
}
