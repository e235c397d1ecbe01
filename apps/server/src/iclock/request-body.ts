import { decodeDeviceText } from '@webroster/protocol'

/** The request body was larger than the limit. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`)
  }
}

/**
 * Reads the raw body whatever its Content-Type (terminals often send none), stopping as soon as it exceeds
 * `limit` bytes: `app.handle` and proxies bypass the listener's own limit.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit)
  if (!request.body) return new Uint8Array(0)
  // With a declared length within the limit the runtime buffers it in one go (the common, cheap case).
  if (Number.isFinite(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer())
    if (bytes.byteLength > limit) throw new BodyTooLarge(limit)
    return bytes
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new BodyTooLarge(limit)
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/**
 * Decodes a text body: each line UTF-8, or GB18030 when that line is not valid UTF-8 (names from
 * Chinese-language terminals); NUL becomes U+FFFD. Never throws, so one bad byte cannot drop a batch.
 */
export function decodeBodyText(bytes: Uint8Array): string {
  const text = decodeDeviceText(bytes)
  // Postgres text cannot hold NUL: one stray byte would make the whole batch fail on every re-send.
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text
}
