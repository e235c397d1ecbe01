import { encodeName, type NameCharset, readsStatusOnly } from '@webroster/protocol'

let dateCache = { second: Number.NaN, text: '' }

/** `Date` header text, formatted once per second (every reply carries it). */
function httpDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000)
  if (second !== dateCache.second) dateCache = { second, text: now.toUTCString() }
  return dateCache.text
}

/**
 * A device reply: plain text, explicit length, the charset the body is in (clients that honour it, such as
 * Python's `requests`, otherwise read `text/plain` as ISO-8859-1 and mangle `Pérez`), and the `Date` (GMT)
 * header terminals set their clock from — on every /iclock answer, whatever the endpoint or status.
 * `charset` gb18030 encodes the body so (names for a Chinese-language unit); otherwise it goes out as UTF-8.
 */
export function deviceReply(
  body: string,
  now: Date,
  status = 200,
  headers: Record<string, string> = {},
  charset: NameCharset = 'utf-8',
): Response {
  const bytes = charset === 'gb18030' ? new Uint8Array(encodeName(body, '83')) : body
  return new Response(bytes, {
    status,
    headers: { date: httpDate(now), ...headers, 'content-type': `text/plain;charset=${charset}` },
  })
}

/** Body of an answer that makes a terminal re-send its data later (anything not starting with `OK`). */
const RETRY_LATER = 'ERROR: retry later'
/** Body for data from a device that is not admitted: not `OK`, so the device keeps its records. */
const NOT_ADMITTED = 'PENDING'

/** Why data a terminal sent was not stored. */
export type NotStoredReason =
  | 'not-admitted'
  | 'missing-sn'
  | 'rate-limited'
  | 'too-large'
  | 'unavailable'

/**
 * The answer to data that was not stored, per reason: its body, its status, and whether that status goes to
 * every client (`toAll`) or only to clients that read the status alone.
 *
 * Why firmware still gets 200 for the first three (protocol reference §5.1, §4.5, §13 item 3, §14 item 9):
 * ZKTeco firmware keeps a batch and re-sends it whenever the body does not start with `OK`, and peers report
 * that 4xx/5xx answers make units hammer the server every ErrorDelay — so the body alone is the safe signal
 * for them. A client that reads only the status (the original Webroster terminal) deletes data on any 2xx,
 * so it must get a non-2xx. Too-large and database-unavailable were already non-2xx for everyone.
 */
const NOT_STORED: Record<NotStoredReason, { body: string; status: number; toAll: boolean }> = {
  'not-admitted': { body: NOT_ADMITTED, status: 403, toAll: false },
  'missing-sn': { body: 'ERROR: missing or invalid SN', status: 400, toAll: false },
  'rate-limited': { body: 'ERROR: rate limited', status: 429, toAll: false },
  'too-large': { body: 'ERROR: body too large', status: 413, toAll: true },
  unavailable: { body: RETRY_LATER, status: 503, toAll: true },
}

/**
 * The one rule for data that was not stored: never `OK`, and never a 2xx to a client that reads only the
 * status, so no terminal deletes what the server does not have.
 * @example notStoredReply(new Request('http://localhost/', { headers: { 'user-agent': 'Mindware_bioterminal' } }), now, 'missing-sn').status // 400
 */
export function notStoredReply(request: Request, now: Date, reason: NotStoredReason): Response {
  const answer = NOT_STORED[reason]
  const status =
    answer.toAll || readsStatusOnly(request.headers.get('user-agent')) ? answer.status : 200
  return deviceReply(answer.body, now, status)
}
