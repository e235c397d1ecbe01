import { type Command, dataBatch, dataRecordHead, formatCommand } from '@webroster/protocol'
import type { QueueInput } from './queue'

/** Most records in one command: a command that fails is re-sent or re-queued whole. */
export const MAX_RECORDS_PER_COMMAND = 100
/** Most bytes of one command's text, so a command of large templates stays well inside a poll. */
const MAX_COMMAND_BYTES = 16 * 1024

/** Removals first, users before templates: a terminal refuses a template for a PIN it does not have yet. */
const RANK: Record<string, number> = {
  'delete-user': 0,
  'delete-template': 1,
  'update-user': 2,
  'update-template': 3,
}

function packable(command: Command): boolean {
  return command.type === 'DATA UPDATE' || command.type === 'DATA DELETE'
}

/**
 * Packs the inputs of each device that takes multi-record DATA commands into as few commands as the limits allow:
 * consecutive records of one table and type share a command. Devices that do not, and commands that are not
 * DATA UPDATE/DELETE, keep one command per input.
 */
export function packRecords(
  inputs: readonly QueueInput[],
  takesMultiRecord: (sn: string) => boolean,
): QueueInput[] {
  const bySn = new Map<string, QueueInput[]>()
  for (const input of inputs) {
    const list = bySn.get(input.sn)
    if (list) list.push(input)
    else bySn.set(input.sn, [input])
  }
  const out: QueueInput[] = []
  for (const [sn, list] of bySn) {
    if (!takesMultiRecord(sn)) {
      out.push(...list)
      continue
    }
    const texts = new Map(list.map((i) => [i, formatCommand(i.command)]))
    const head = (i: QueueInput) =>
      packable(i.command) ? dataRecordHead(texts.get(i) ?? '') : undefined
    const firstSeen = new Map<string, number>()
    for (const i of list) {
      const key = `${i.type}\n${head(i) ?? ''}`
      if (!firstSeen.has(key)) firstSeen.set(key, firstSeen.size)
    }
    const sorted = [...list].sort(
      (a, b) =>
        (RANK[a.type] ?? 9) - (RANK[b.type] ?? 9) ||
        (firstSeen.get(`${a.type}\n${head(a) ?? ''}`) ?? 0) -
          (firstSeen.get(`${b.type}\n${head(b) ?? ''}`) ?? 0),
    )
    let group: QueueInput[] = []
    let bytes = 0
    const flush = () => {
      const [first] = group
      if (first) out.push({ ...first, command: dataBatch(group.map((g) => g.command)) })
      group = []
      bytes = 0
    }
    for (const input of sorted) {
      const h = head(input)
      const size = Buffer.byteLength(texts.get(input) ?? '')
      const [first] = group
      const fits =
        first !== undefined &&
        h !== undefined &&
        head(first) === h &&
        first.type === input.type &&
        first.createdBy === input.createdBy &&
        group.length < MAX_RECORDS_PER_COMMAND &&
        bytes + size <= MAX_COMMAND_BYTES
      if (!fits) flush()
      group.push(input)
      bytes += size
    }
    flush()
  }
  return out
}
