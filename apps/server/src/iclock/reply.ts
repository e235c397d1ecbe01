let dateCache = { second: Number.NaN, text: '' }

/** `Date` header text, formatted once per second (every reply carries it). */
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000)
  if (second !== dateCache.second) dateCache = { second, text: now.toUTCString() }
  return dateCache.text
}

/**
 * A device reply: plain text, explicit length, and the `Date` (GMT) header terminals set their clock from —
 * on every /iclock answer, whatever the endpoint or status.
 */
export function deviceReply(
  body: string,
  now: Date,
  status = 200,
  headers: Record<string, string> = {},
): Response {
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
