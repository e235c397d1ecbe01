import { encodeName, type NameCharset } from '@webroster/protocol'

let dateCache = { second: Number.NaN, text: '' }

/** `Date` header text, formatted once per second (every reply carries it). */
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000)
  if (second !== dateCache.second) dateCache = { second, text: now.toUTCString() }
  return dateCache.text
}

/**
 * A device reply: plain text, explicit length, and the `Date` (GMT) header terminals set their clock from —
 * on every /iclock answer, whatever the endpoint or status. `charset` gb18030 encodes the body so (names for a
 * Chinese-language unit) and declares it.
 */
export function deviceReply(
  body: string,
  now: Date,
  status = 200,
  headers: Record<string, string> = {},
  charset: NameCharset = 'utf-8',
): Response {
  if (charset === 'gb18030') {
    return new Response(new Uint8Array(encodeName(body, '83')), {
      status,
      headers: { date: httpDate(now), ...headers, 'content-type': 'text/plain;charset=gb18030' },
    })
  }
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/plain',
      date: httpDate(now),
      ...headers,
    },
  })
}

/** Body of an answer that makes a terminal re-send its data later (anything not starting with `OK`). */
export const RETRY_LATER = 'ERROR: retry later'
/** Body for data from a device that is not admitted: not `OK`, so the device keeps its records. */
export const NOT_ADMITTED = 'PENDING'
