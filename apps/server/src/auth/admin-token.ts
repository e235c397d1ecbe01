import { eq } from 'drizzle-orm'
import type { Db } from '../db'
import { settings } from '../db/schema'
import type { Logger } from '../logger'
import { generateSecret, hashSecret } from './tokens'

const KEY = 'admin_token_hash'

/**
 * Makes sure an admin token exists and returns its hash. A configured ADMIN_TOKEN wins (its hash is stored);
 * otherwise the stored hash is kept; on first start a token is generated, printed once and stored hashed.
 */
export async function ensureAdminToken(db: Db, configured: string | undefined, log: Logger) {
  if (configured) {
    const hash = hashSecret(configured)
    await db
      .insert(settings)
      .values({ key: KEY, value: hash })
      .onConflictDoUpdate({ target: settings.key, set: { value: hash, updatedAt: new Date() } })
    return { hash, generated: undefined }
  }
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY))
  if (row) return { hash: row.value, generated: undefined }
  const token = generateSecret('wr_admin')
  const hash = hashSecret(token)
  const inserted = await db
    .insert(settings)
    .values({ key: KEY, value: hash })
    .onConflictDoNothing()
    .returning()
  if (inserted.length === 0) {
    // Another server process generated one first: use theirs.
    const [theirs] = await db.select().from(settings).where(eq(settings.key, KEY))
    return { hash: theirs?.value ?? hash, generated: undefined }
  }
  log.warn('generated an admin token on first start; it is printed once')
  return { hash, generated: token }
}
