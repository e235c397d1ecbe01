import type { Db } from '../db'
import { deviceLogs } from '../db/schema'

/** Stores a log file a terminal uploaded (`/iclock/upload-log`, or a POST poll), kept as sent. */
export async function storeLogFile(
  db: Db,
  sn: string,
  fileName: string,
  content: Uint8Array,
): Promise<void> {
  await db.insert(deviceLogs).values({ sn, fileName, size: content.byteLength, content })
}
