import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new per-device secret (hex, so it fits `pushcommkey` and a URL path segment). */
export function newDeviceToken(): string {
  return randomBytes(16).toString('hex')
}

/** SHA-256 hex of a device secret, as stored in `devices.token_hash`. */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Whether `token` is the secret behind `hash`, in constant time. */
export function deviceTokenMatches(token: string | undefined, hash: string | null): boolean {
  if (!token || !hash) return false
  const a = Buffer.from(hashDeviceToken(token), 'hex')
  const b = Buffer.from(hash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
