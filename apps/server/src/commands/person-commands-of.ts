import { and, desc, inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { type CommandKind, commands } from '../db/schema'
import type { CommandRow } from './command-queue'

/** The PIN of each record of a command text: one record per line in a multi-record command. */
function recordPins(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    // Attendance PUSH says `PIN=`, Security PUSH `Pin=`; the first such field of a record is its key.
    const m = /(?:^|\s)pin=([^\t\r\n]*)/i.exec(line)
    return m?.[1] ? [m[1]] : []
  })
}

/**
 * The newest command of one of `types` about the person `pin` on each device of `sns`, read from the command
 * texts (the queue keeps no PIN column: the text is what the device is told). A multi-record command counts for
 * every person it carries.
 */
export async function latestCommandsForPin(
  db: Db | Tx,
  pin: string,
  sns: readonly string[],
  types: readonly CommandKind[],
): Promise<Map<string, CommandRow>> {
  const out = new Map<string, CommandRow>()
  if (sns.length === 0) return out
  // A PIN is letters and digits only, so it is safe inside the pattern; the regex narrows the rows in
  // Postgres, and the parse below confirms each one.
  const pattern = `(^|\\s)pin=${pin}(\\t|\\n|\\r|$)`
  const rows = await db
    .select()
    .from(commands)
    .where(
      and(
        inArray(commands.sn, [...sns]),
        inArray(commands.type, [...types]),
        sql`${commands.text} ~* ${pattern}`,
      ),
    )
    .orderBy(desc(commands.createdAt), desc(commands.id))
  for (const row of rows) {
    if (out.has(row.sn)) continue
    if (recordPins(row.text).includes(pin)) out.set(row.sn, row)
  }
  return out
}
