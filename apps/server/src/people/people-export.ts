import { asc, gt } from 'drizzle-orm'
import type { Db } from '../db'
import { groups, people } from '../db/schema'
import { errorCause } from '../errors'
import type { Logger } from '../logger'
import { peopleCsvHead, peopleCsvLine } from './people-csv'
import { groupIdsByPin } from './people-store'

/** People per query: memory stays flat however many there are. */
const EXPORT_PAGE_PEOPLE = 1_000

/**
 * Every person as CSV in PIN order, read a page per pull with a keyset on PIN, so a slow client slows the
 * queries instead of filling memory. The columns are the import's: an export imports back unchanged.
 */
export function peopleCsvStream(db: Db, bom: boolean, log: Logger): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let after: string | undefined
  let names: Map<number, string> | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(peopleCsvHead(bom)))
    },
    async pull(controller) {
      try {
        names ??= new Map(
          (await db.select({ id: groups.id, name: groups.name }).from(groups)).map((g) => [
            g.id,
            g.name,
          ]),
        )
        const rows = await db
          .select()
          .from(people)
          .where(after === undefined ? undefined : gt(people.pin, after))
          .orderBy(asc(people.pin))
          .limit(EXPORT_PAGE_PEOPLE)
        if (rows.length === 0) {
          controller.close()
          return
        }
        const ids = await groupIdsByPin(
          db,
          rows.map((r) => r.pin),
        )
        let text = ''
        for (const p of rows) {
          const groupNames = (ids.get(p.pin) ?? []).flatMap((id) => {
            const name = names?.get(id)
            return name === undefined ? [] : [name]
          })
          text += peopleCsvLine({ ...p, groupNames })
        }
        controller.enqueue(encoder.encode(text))
        after = rows.at(-1)?.pin
      } catch (e) {
        log.error('people export failed', errorCause(e))
        controller.error(e)
      }
    },
  })
}
