import { existsSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Elysia } from 'elysia'
import { isRead } from '../auth/roles'

/** Where `bun run build` puts the console in this repository, when CONSOLE_DIR does not say otherwise. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url))

/** Vite names every file under assets/ by its content's hash: a new build is a new name, so cache for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Paths that belong to the API and the device protocol: never answered with the console's page. */
function isServerPath(path: string): boolean {
  return /^\/(api|iclock)(\/|$)/.test(path)
}

const notBuilt = (dir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webroster</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The console is not built</h1>
<p>Build it with <code>bun run build</code> at the repository root (or <code>bun run dev</code> for a console with hot
reload), then reload this page. The server looks for it in <code>${dir.replace(/[<>&]/g, '')}</code>
(<code>CONSOLE_DIR</code>).</p>
<p>The API answers at <a href="/api">/api</a>, its reference at <a href="/api/docs">/api/docs</a>.</p>
</body></html>`

function notFound(path: string): Response {
  return Response.json({ error: 'not_found', message: `no route for ${path}` }, { status: 404 })
}

/**
 * The built console at `/`: its files, and its index.html for any other GET outside /api and /iclock, so a deep
 * link (`/people/17`) opens the app, which routes it. Without a build, `/` says how to make one.
 */
export function consoleRoutes(consoleDir: string = DEFAULT_CONSOLE_DIR) {
  const root = normalize(consoleDir)
  const index = join(root, 'index.html')
  const serve = async (path: string): Promise<Response> => {
    if (isServerPath(path)) return notFound(path)
    if (!existsSync(index)) {
      return new Response(notBuilt(root), {
        status: 404,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      })
    }
    let relative: string
    try {
      relative = decodeURIComponent(path)
    } catch {
      return notFound(path)
    }
    const file = normalize(join(root, relative))
    // A `..` that climbs out of the folder serves the page, never a file outside it.
    if (file.startsWith(root + sep) && file !== index) {
      const found = Bun.file(file)
      if (await found.exists()) {
        return new Response(found, {
          headers: {
            'cache-control': relative.startsWith('/assets/') ? IMMUTABLE : 'no-cache',
          },
        })
      }
      // A missing hashed file is an old page asking for a build that is gone: a 404, not the page.
      if (relative.startsWith('/assets/')) return notFound(path)
    }
    return new Response(Bun.file(index), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    })
  }
  // `all`, not `get`: the router tries method routes before `all` ones, so a GET wildcard would take the
  // device protocol's GETs from its `all('/iclock/*')`; two `all` wildcards go to the longer prefix.
  return new Elysia({ name: 'console' })
    .get('/', () => serve('/'), { detail: { hide: true } })
    .all('/*', ({ path, request }) => (isRead(request.method) ? serve(path) : notFound(path)), {
      detail: { hide: true },
      parse: 'none',
    })
}
