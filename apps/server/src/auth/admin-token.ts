import type { Db } from '../db'
import type { Logger } from '../logger'
import { initSetting, readSetting, writeSetting } from '../settings'
import { generateSecret, hashSecret } from './tokens'

const KEY = 'admin_token_hash'

/**
 * Makes sure an admin token exists and returns its hash. A configured ADMIN_TOKEN wins (its hash is stored);
 * otherwise the stored hash is kept; on first start a token is generated, printed once and stored hashed.
 */
export async function ensureAdminToken(db: Db, configured: string | undefined, log: Logger) {
  if (configured) {
    const hash = hashSecret(configured)
    await writeSetting(db, KEY, hash)
    return { hash, generated: undefined }
  }
  const stored = await readSetting(db, KEY)
  if (stored !== undefined) return { hash: stored, generated: undefined }
  const token = generateSecret('wr_admin')
  const hash = hashSecret(token)
  if (!(await initSetting(db, KEY, hash))) {
    // Another server process generated one first: use theirs.
    return { hash: (await readSetting(db, KEY)) ?? hash, generated: undefined }
  }
  log.warn('generated an admin token on first start; it is printed once')
  return { hash, generated: token }
}
