import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** SHA-256 hex of a secret: tokens and keys are stored only this way. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** A new random secret with a readable prefix (`wr_admin_…`, `wr_key_…`). */
export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}
