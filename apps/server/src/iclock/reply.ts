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
      date: now.toUTCString(),
      ...headers,
    },
  })
}

/** Body of an answer that makes a terminal re-send its data later (anything not starting with `OK`). */
export const RETRY_LATER = 'ERROR: retry later'
/** Body for data from a device that is not admitted: not `OK`, so the device keeps its records. */
export const NOT_ADMITTED = 'PENDING'
