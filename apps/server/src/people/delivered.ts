import { formatCommand, splitRecordTexts } from '@webroster/protocol'
import { deliveredTexts } from '../commands/delivered-texts'
import type { Queryable, QueueInput } from './queue'

/**
 * Drops inputs whose exact command text is already pending for, or was executed by, that device. Fan-out needs
 * this: terminals that report users and templates they were sent would otherwise bounce the same record between
 * each other for ever; with it, an echo stops after one round. A record sent inside a multi-record command counts,
 * and so does one of `queuedWith` (commands about to be queued in the same transaction).
 */
export async function withoutDelivered(
  db: Queryable,
  inputs: readonly QueueInput[],
  queuedWith: readonly QueueInput[] = [],
): Promise<QueueInput[]> {
  if (inputs.length === 0) return []
  const texts = inputs.map((i) => formatCommand(i.command))
  const rows = await deliveredTexts(db, [...new Set(inputs.map((i) => i.sn))], [...new Set(texts)])
  const known = new Set<string>()
  const pending = queuedWith.map((q) => ({ sn: q.sn, text: formatCommand(q.command) }))
  for (const r of [...rows, ...pending]) {
    for (const text of splitRecordTexts(r.text) ?? [r.text]) known.add(`${r.sn}\n${text}`)
  }
  return inputs.filter((input, i) => !known.has(`${input.sn}\n${texts[i]}`))
}
