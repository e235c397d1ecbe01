import type { OperlogRecord } from '@webroster/protocol'
import { pinsBeingDeleted } from '../commands/pins-being-deleted'
import type { Db, Tx } from '../db'
import {
  type DeviceErrorRow,
  type OperationRow,
  storeDeviceReports,
} from '../diagnostics/device-reports'
import type { EnrolledEvent } from '../people'
import { enrolmentRows, storeEnrolments } from '../people/device-enrolments'

/** What an OPERLOG (or BIODATA / ERRORLOG / IDCARD) batch stored. */
export interface OperlogOutcome {
  /** Records stored (a re-sent record counts: the device must stop re-sending it) */
  accepted: number
  /** Enrolments to fan out once committed */
  enrolled: EnrolledEvent[]
}

/**
 * Stores an OPERLOG-family batch in one transaction: users, templates, photos and IDCARD names through people/,
 * OPLOG → operations, ERRORLOG → device errors. Everything is an upsert or `ON CONFLICT DO NOTHING`, so a
 * re-sent batch changes nothing.
 */
export async function ingestOperlog(
  db: Db,
  sn: string,
  zone: string,
  records: readonly OperlogRecord[],
): Promise<OperlogOutcome> {
  const enrolments = enrolmentRows(sn, zone, records)
  const ops: OperationRow[] = []
  const errors: DeviceErrorRow[] = []
  for (const r of records) {
    if (r.kind === 'OPLOG') {
      ops.push({
        sn,
        op: r.op,
        operator: r.operator,
        localTime: r.time,
        value1: r.value1,
        value2: r.value2,
        value3: r.value3,
      })
    } else if (r.kind === 'ERRORLOG') {
      errors.push({
        sn,
        code: r.errCode,
        message: r.errMsg,
        origin: r.dataOrigin || null,
        cmdId: r.cmdId || null,
        additional: r.additional || null,
      })
    }
  }
  let enrolled: EnrolledEvent[] = []
  await db.transaction(async (tx: Tx) => {
    if (enrolments) {
      enrolled = await storeEnrolments(tx, sn, enrolments, await pinsBeingDeleted(tx, sn))
    }
    await storeDeviceReports(tx, ops, errors)
  })
  return { accepted: records.length, enrolled }
}
