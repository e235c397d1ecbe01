import { and, asc, desc, like, lte, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { people } from '../db/schema'

/** The person last created from a terminal, as Postgres' text of its creation instant and its PIN, if any. */
export async function lastDeviceEnrolled(
  db: Db | Tx,
): Promise<{ at: string; key: string } | undefined> {
  const [last] = await db
    .select({ at: sql<string>`${people.createdAt}::text`, key: people.pin })
    .from(people)
    .where(like(people.source, 'device:%'))
    .orderBy(desc(people.createdAt), desc(people.pin))
    .limit(1)
  return last
}

/**
 * Up to `limit` people first created from a terminal (`source` = `device:<sn>`) after (`at`, `pin`) and by
 * `cutoff`, oldest first; `at` is each row's creation instant as Postgres text, so cursors compare exactly.
 */
export function deviceEnrolledAfter(
  db: Db | Tx,
  after: { at: string; pin: string },
  cutoff: Date,
  limit: number,
) {
  return db
    .select({
      at: sql<string>`${people.createdAt}::text`,
      pin: people.pin,
      name: people.name,
      source: people.source,
      createdAt: people.createdAt,
    })
    .from(people)
    .where(
      and(
        like(people.source, 'device:%'),
        lte(people.createdAt, cutoff),
        sql`(${people.createdAt}, ${people.pin}) > (${after.at}::timestamptz, ${after.pin})`,
      ),
    )
    .orderBy(asc(people.createdAt), asc(people.pin))
    .limit(limit)
}
