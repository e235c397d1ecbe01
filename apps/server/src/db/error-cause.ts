const MAX_CAUSE = 300

/**
 * The database's own reason for a failed statement ("value out of range", "connection refused"), never the
 * statement or its parameters: drizzle's wrapper message carries both, and they can hold a whole batch.
 */
export function databaseCause(e: unknown): string {
  let err = e
  while (err instanceof Error && err.cause instanceof Error) err = err.cause
  const message = err instanceof Error ? err.message : String(err)
  return message.length > MAX_CAUSE ? `${message.slice(0, MAX_CAUSE)}…` : message
}
