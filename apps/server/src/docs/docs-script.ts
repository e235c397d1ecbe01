import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** The docs page's script as one file, from the `@scalar/api-reference` package: the page needs no internet. */
function scriptPath(): string {
  return fileURLToPath(
    new URL('./browser/standalone.js', import.meta.resolve('@scalar/api-reference')),
  )
}

interface Script {
  plain: Uint8Array<ArrayBuffer>
  gzip: Uint8Array<ArrayBuffer>
  etag: string
}

/**
 * Serves the docs script (4.3 MB, 1.3 MB gzipped), read and compressed on its first request only, with an ETag
 * so a browser revalidates after an upgrade instead of running a stale script.
 */
export function docsScript(): (request: Request) => Promise<Response> {
  let loaded: Promise<Script> | undefined
  const load = async (): Promise<Script> => {
    const plain = new Uint8Array(await readFile(scriptPath()))
    const etag = `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`
    return { plain, gzip: Bun.gzipSync(plain), etag }
  }
  return async (request) => {
    loaded ??= load()
    const script = await loaded
    const headers: Record<string, string> = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      etag: script.etag,
      vary: 'accept-encoding',
    }
    if (request.headers.get('if-none-match') === script.etag) {
      return new Response(null, { status: 304, headers })
    }
    if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
      return new Response(script.gzip, { headers: { ...headers, 'content-encoding': 'gzip' } })
    }
    return new Response(script.plain, { headers })
  }
}
