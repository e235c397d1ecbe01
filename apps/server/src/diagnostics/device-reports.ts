import type { Tx } from '../db'
import { deviceErrors, operations } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'

/** An OPLOG record: what an operator did on the terminal. */
export type OperationRow = typeof operations.$inferInsert
/** An ERRORLOG record: an error the terminal reported. */
export type DeviceErrorRow = typeof deviceErrors.$inferInsert

/**
 * Stores a batch's operations (`ON CONFLICT DO NOTHING`, so a re-send changes nothing) and errors inside the
 * caller's transaction, which commits them with the rest of the batch.
 */
export async function storeDeviceReports(
  tx: Tx,
  ops: readonly OperationRow[],
  errors: readonly DeviceErrorRow[],
): Promise<void> {
  for (const chunk of statementChunks(operations, ops)) {
    await tx.insert(operations).values(chunk).onConflictDoNothing()
  }
  for (const chunk of statementChunks(deviceErrors, errors)) {
    await tx.insert(deviceErrors).values(chunk)
  }
}
