import type { Command } from '@webroster/protocol'
import type { Db, Tx } from '../db'
import type { CommandKind } from '../db/schema'

/** A connection or a transaction: domain queries run on either. */
export type Queryable = Db | Tx

/** One command to queue, as the command queue accepts it. */
export interface QueueInput {
  sn: string
  type: CommandKind
  command: Command
  createdBy?: string
}

/** The part of the command queue the people domain needs (the real `CommandQueue` satisfies it structurally). */
export interface CommandSink {
  /** Resolves with each queued command's id, in input order. */
  enqueueMany(inputs: QueueInput[], tx?: Tx): Promise<ReadonlyArray<{ id: number }>>
}
