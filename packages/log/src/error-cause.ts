/** Longest error message logged: it names the cause, and a message may quote a value. */
const MAX_CAUSE = 300
/** Bounds the walk down a `cause` chain, which a careless wrapper could make circular. */
const MAX_DEPTH = 5

/** How drizzle's error message starts: it goes on with the failed statement and every parameter. */
export const QUERY_WRAPPER = 'Failed query:'

/**
 * What a failure says, fit for a log line: its message and code (a SQLSTATE such as 22003, an errno such as
 * ECONNREFUSED), and never a stack or a failed statement with its parameters, which drizzle puts in its
 * message (whole batches: names, passwords, templates), so such a wrapper is passed for the driver's error it wraps.
 * @example errorCause(new Error('Failed query: insert …', { cause: pgError })) // { error: 'value … out of range', code: '22003' }
 */
export function errorCause(e: unknown): { error: string; code?: string } {
  let at: unknown = e
  for (let depth = 0; depth < MAX_DEPTH && isQueryWrapper(at) && at.cause !== undefined; depth++) {
    at = at.cause
  }
  let message = at instanceof Error ? at.message : String(at)
  if (message.startsWith(QUERY_WRAPPER)) message = 'query failed'
  const code = codeOf(e)
  return {
    error: message.length > MAX_CAUSE ? `${message.slice(0, MAX_CAUSE)}…` : message,
    ...(code !== undefined ? { code } : {}),
  }
}

function isQueryWrapper(e: unknown): e is Error {
  return e instanceof Error && e.message.startsWith(QUERY_WRAPPER)
}

/** The first string `code` down the cause chain: fetch puts the errno on the error it wraps. */
function codeOf(e: unknown): string | undefined {
  let at = e
  for (let depth = 0; depth < MAX_DEPTH && typeof at === 'object' && at !== null; depth++) {
    const { code, cause } = at as { code?: unknown; cause?: unknown }
    if (typeof code === 'string') return code
    at = cause
  }
  return undefined
}
