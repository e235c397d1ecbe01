import type { Db } from '../db'
import type { Logger } from '../logger'
import { type ActivityQuery, type DeviceActivity, deviceActivity } from './device-activity'
import type { ExportFormat } from './export-format'
import { addManualPunch, type ManualPunchInput } from './manual-punch'
import { personPunches } from './person-punches'
import { type CorrectionInput, correctPunch, punchById, punchHistory } from './punch-corrections'
import { type DevicePunchCounts, punchCountsByDevice } from './punch-counts'
import { punchExportStream } from './punch-export'
import type { PunchFilter } from './punch-filter'
import { type ListedPunch, listPunches, type PunchQuery, type PunchRow } from './punch-list'

/** The punches table's reads for the API: lists, manual entries, exports, per-device counts and activity. */
export class Punches {
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  list(query: PunchQuery): Promise<{ items: ListedPunch[]; nextCursor: string | null }> {
    return listPunches(this.db, query)
  }

  /** A person's current punches in [from, to), oldest first (what a timesheet reads). */
  ofPerson(pin: string, from: Date, to: Date): Promise<PunchRow[]> {
    return personPunches(this.db, pin, from, to)
  }

  addManual(input: ManualPunchInput): Promise<{ created: boolean; punch: PunchRow }> {
    return addManualPunch(this.db, input)
  }

  export(filter: PunchFilter, format: ExportFormat, bom: boolean): ReadableStream<Uint8Array> {
    return punchExportStream(this.db, filter, format, bom, this.log)
  }

  /** Edits or voids a punch with a reason, beside the original record. */
  correct(id: number, input: CorrectionInput) {
    return correctPunch(this.db, id, input)
  }

  /** One punch by id, any version. */
  get(id: number): Promise<PunchRow | undefined> {
    return punchById(this.db, id)
  }

  /** Every version of a punch and the corrections between them. */
  history(id: number) {
    return punchHistory(this.db, id)
  }

  countsByDevice(sns: readonly string[]): Promise<Map<string, DevicePunchCounts>> {
    return punchCountsByDevice(this.db, sns)
  }

  /** Punches a device sent per bucket of time, and the distinct people who made them. */
  activity(sn: string, query: ActivityQuery): Promise<DeviceActivity> {
    return deviceActivity(this.db, sn, query)
  }
}
