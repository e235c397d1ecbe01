import { parseCommand } from '@webroster/protocol'
import { and, eq, inArray, like } from 'drizzle-orm'
import type { Tx } from '../db'
import { commands } from '../db/schema'

/**
 * PINs this device has not yet deleted although told to (a `DATA DELETE USERINFO` still queued or sent). A user,
 * template or photo it uploads for one of them is an echo of what it held before the delete reached it: storing
 * it would bring a deleted person back, and fan-out would put them on every terminal again.
 */
export async function pinsBeingDeleted(tx: Tx, sn: string): Promise<Set<string>> {
  const rows = await tx
    .select({ text: commands.text })
    .from(commands)
    .where(
      and(
        eq(commands.sn, sn),
        inArray(commands.status, ['queued', 'sent']),
        like(commands.text, 'DATA DELETE USERINFO %'),
      ),
    )
  const pins = new Set<string>()
  for (const { text } of rows) {
    const command = parseCommand(text)
    if (command.type !== 'DATA DELETE' || command.table !== 'USERINFO') continue
    const pin = command.condition.find(([key]) => key.toUpperCase() === 'PIN')?.[1]
    if (pin) pins.add(pin)
  }
  return pins
}
