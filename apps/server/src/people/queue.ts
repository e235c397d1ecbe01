import type { Command } from '@webroster/protocol'
import type { Db, Tx } from '../db'

/** A connection or a transaction: domain queries run on either. */
export type Queryable = Db | Tx

/** One command to queue, as the command queue accepts it. */
export interface QueueInput {
  sn: string
  /** API type recorded on the row (`update-user`, `delete-user`, `update-template`, …) */
  type: string
  command: Command
  createdBy?: string
}

/** The part of the command queue the people domain needs; the real queue satisfies it structurally. */
export interface CommandQueue {
  enqueueMany(inputs: QueueInput[], tx?: Tx): Promise<unknown>
}
