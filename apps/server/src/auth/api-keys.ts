import { desc, eq, sql } from 'drizzle-orm'
import { recordAudit } from '../audit/audit-log'
import type { Db } from '../db'
import { apiKeys } from '../db/schema'
import { NotFoundError } from '../errors'
import type { Principal } from './principal'
import { generateSecret, hashSecret } from './tokens'

type ApiKeyRow = typeof apiKeys.$inferSelect

/** An API key as the API shows it: never the secret nor its hash. */
export function publicKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }
}

export type PublicKey = ReturnType<typeof publicKey>

/** API keys for third parties: created, listed and revoked; `authenticate` checks them. */
export class ApiKeys {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Creates a key; `write` brings `read` (a key that can change what it cannot see is useless). */
  async create(
    actor: Pick<Principal, 'kind' | 'name'>,
    name: string,
    requested: ReadonlyArray<'read' | 'write'>,
  ): Promise<PublicKey & { key: string }> {
    const scopes: Array<'read' | 'write'> = requested.includes('write')
      ? ['read', 'write']
      : ['read']
    const key = generateSecret('wr_key')
    const [row] = await this.db
      .insert(apiKeys)
      .values({ name, scopes, keyHash: hashSecret(key) })
      .returning()
    if (!row) throw new Error('insert returned no row')
    await recordAudit(this.db, {
      actor,
      action: 'key.create',
      entity: 'key',
      entityId: row.id,
      after: publicKey(row),
    })
    // Stored hashed: this answer is the only place the key ever appears.
    return { ...publicKey(row), key }
  }

  async list(): Promise<PublicKey[]> {
    return (await this.db.select().from(apiKeys).orderBy(desc(apiKeys.id))).map(publicKey)
  }

  /** Revokes a key; revoking twice keeps the first revocation time. */
  async revoke(actor: Pick<Principal, 'kind' | 'name'>, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for('update')
      if (!before) throw new NotFoundError(`API key ${id}`)
      const [row] = await tx
        .update(apiKeys)
        .set({
          revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${this.now().toISOString()}::timestamptz)`,
        })
        .where(eq(apiKeys.id, id))
        .returning()
      if (!row) throw new NotFoundError(`API key ${id}`)
      await recordAudit(tx, {
        actor,
        action: 'key.revoke',
        entity: 'key',
        entityId: row.id,
        before: publicKey(before),
        after: publicKey(row),
      })
    })
  }
}
