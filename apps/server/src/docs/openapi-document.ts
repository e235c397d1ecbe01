import { toOpenAPISchema } from '@elysiajs/openapi'
import type { AnyElysia } from 'elysia'
import { API_INFO } from './api-info'
import { operationSecurity, SECURITY_SCHEMES } from './security'

type Json = Record<string, unknown>

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'])

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** String formats Elysia adds beside a number or boolean so that it can coerce query text (and, in place, responses). */
const COERCION_FORMATS = new Set(['integer', 'numeric', 'boolean', 'ObjectString', 'ArrayString'])

function isCoercion(branch: unknown): boolean {
  return isJson(branch) && branch.type === 'string' && COERCION_FORMATS.has(String(branch.format))
}

/**
 * A number is documented as a number: Elysia turns each `t.Integer` it validates into "integer, or text of an
 * integer" (`anyOf`) so it can coerce query strings, and the plugin writes that out as is.
 */
function dropCoercions(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropCoercions(item)
    return
  }
  if (!isJson(node)) return
  if (Array.isArray(node.anyOf) && node.anyOf.some(isCoercion)) {
    const meant = node.anyOf.filter((b) => !isCoercion(b))
    if (meant.length === 1 && isJson(meant[0])) {
      const { anyOf: _, ...outer } = node
      delete node.anyOf
      Object.assign(node, { ...meant[0], ...outer })
    } else {
      node.anyOf = meant
    }
  }
  for (const child of Object.values(node)) dropCoercions(child)
}

/**
 * The plugin writes a union of number literals (`privilege`: 0, 2, 6, …) as `type: string`; its values say
 * what it is.
 */
function fixEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) fixEnums(item)
    return
  }
  if (!isJson(node)) return
  const values = node.enum
  if (Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'number')) {
    node.type = values.every((v) => Number.isInteger(v)) ? 'integer' : 'number'
  }
  for (const child of Object.values(node)) fixEnums(child)
}

/**
 * A route's `detail['x-body-content-type']` names the media type of a body read as text (a CSV upload): the plugin
 * can only call it text/plain.
 */
export const BODY_CONTENT_TYPE = 'x-body-content-type'

function fixBodyContentType(operation: Json): void {
  const type = operation[BODY_CONTENT_TYPE]
  delete operation[BODY_CONTENT_TYPE]
  const body = operation.requestBody
  if (typeof type !== 'string' || !isJson(body) || !isJson(body.content)) return
  const [media] = Object.values(body.content)
  body.content = { [type]: media }
}

/**
 * Each operation gets the security it takes, its body's media type, and a 204 no content (the plugin writes
 * `{ type: 'void' }`).
 */
function fixOperations(paths: Json): void {
  for (const item of Object.values(paths)) {
    if (!isJson(item)) continue
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !isJson(operation)) continue
      operation.security ??= operationSecurity(method)
      fixBodyContentType(operation)
      const responses = isJson(operation.responses) ? operation.responses : {}
      for (const response of Object.values(responses)) {
        if (isJson(response) && isJson(response.content) && response.content.type === 'void') {
          delete response.content
        }
      }
    }
  }
}

/**
 * The OpenAPI document of every route mounted beside `app` (the device protocol left out): the plugin's
 * reading of the routes' schemas, with the security schemes /api uses and two of the plugin's slips mended.
 */
export function openApiDocument(app: AnyElysia): Json {
  const { paths, components } = toOpenAPISchema(app, { paths: [/^\/iclock/] })
  const document: Json = {
    openapi: '3.1.2',
    info: { ...API_INFO },
    paths,
    components: { schemas: components.schemas, securitySchemes: SECURITY_SCHEMES },
  }
  dropCoercions(document.paths)
  fixEnums(document.paths)
  fixOperations(paths as Json)
  return document
}
