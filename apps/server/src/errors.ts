/** Base of every error the server maps to an HTTP answer in one place (`onError` in app.ts). */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(`${what} not found`, 'not_found', 404)
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(message, 'invalid_request', 400, details)
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid bearer token') {
    super(message, 'unauthorized', 401)
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'this key lacks the scope for that') {
    super(message, 'forbidden', 403)
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 'conflict', 409)
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests', 'rate_limited', 429)
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Longest database message logged: it names the cause, and a message may quote a value. */
const MAX_CAUSE = 300

/**
 * What a failure says, fit for a log line: the database's own message and SQLSTATE ("value … is out of range for
 * type integer", 22003), found through the `cause` chain, and never the failed statement or its parameters,
 * which drizzle puts in its error message (whole batches: names, passwords, templates).
 */
export function errorCause(e: unknown): { error: string; code?: string } {
  let at: unknown = e
  // The innermost error is the driver's; wrappers above it only add the statement.
  for (let depth = 0; depth < 5 && at instanceof Error && at.cause instanceof Error; depth++) {
    at = at.cause
  }
  const code = (at as { code?: unknown } | null)?.code
  let message = at instanceof Error ? at.message : String(at)
  if (message.startsWith('Failed query:')) message = 'query failed'
  return {
    error: message.length > MAX_CAUSE ? `${message.slice(0, MAX_CAUSE)}…` : message,
    ...(typeof code === 'string' ? { code } : {}),
  }
}
