import { parseOkReply } from '@webroster/protocol'
import type { AdmsReply } from './adms-client'

/** The server answered, but did not commit the upload (ERROR, PENDING, partial count, HTTP error). */
export class UploadRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UploadRefusedError'
  }
}

/**
 * Throws unless the reply accepts all `sent` records: `OK:<sent>`, or a plain `OK`, which real ZK
 * servers send for a whole body they took. `ERROR: n`, `PENDING`, an HTTP error or a different count
 * keep the records for a retry; the server deduplicates re-sent punches.
 */
export function assertUploadAccepted(reply: AdmsReply, sent: number): void {
  if (reply.status !== 200) throw new UploadRefusedError(`HTTP ${reply.status}`)
  const parsed = parseOkReply(reply.body)
  if (!parsed.ok) throw new UploadRefusedError(`server refused: ${parsed.error.slice(0, 200)}`)
  if (parsed.count !== undefined && parsed.count !== sent) {
    throw new UploadRefusedError(`server accepted ${parsed.count} of ${sent} records`)
  }
}
