import serverPackage from '../../package.json' with { type: 'json' }

/** Where the API describes itself; the docs page and the index link to these. */
export const API_PATHS = {
  index: '/api',
  docs: '/api/docs',
  openapi: '/api/openapi.json',
  docsScript: '/api/docs/scalar.js',
  health: '/healthz',
} as const

/** The API's name and version, as the OpenAPI document and the index give them. */
export const API_INFO = {
  title: 'Webroster API',
  version: serverPackage.version,
  description: 'Management API of the Webroster ADMS server',
} as const
