import type { Db, Tx } from '../db'
import type { Logger } from '../logger'
import { type ActivityQuery, type DeviceActivity, deviceActivity } from './device-activity'
import type { ExportFormat } from './export-format'
import { addManualPunch, type ManualPunchInput } from './manual-punch'
import type { Month } from './month-ranges'
import { partitionMonths } from './partitions'
import { type CorrectionInput, correctPunch, punchById, punchHistory } from './punch-corrections'
import { type DevicePunchCounts, punchCountsByDevice } from './punch-counts'
import { punchExportStream } from './punch-export'
import type { PunchFilter } from './punch-filter'
import { type ListedPunch, listPunches, type PunchQuery, type PunchRow } from './punch-list'

/**
 * What the owner of timesheets lends the punch module, without it importing timesheets: a guard that refuses
 * changes to punches of locked dates (in the transaction making the change), and a report of the punches that
 * changed, once committed.
 */
export interface PunchChangeHooks {
  /** Throws (409) when a punch dated on one of these local dates may not change */
  guard(dates: readonly string[], tx: Tx): Promise<void>
  /** The punches an entry or a correction added or took away, after commit */
  changed(punches: ReadonlyArray<{ pin: string; sn: string; at: Date }>): Promise<void>
}

const NO_HOOKS: PunchChangeHooks = { guard: async () => {}, changed: async () => {} }

/**
 * How long the list trusts the months it read from the catalog. A stale answer only costs a page an extra
 * statement or one over the default partition, never a punch: the list's windows cover every instant whatever
 * the months (page-windows.ts).
 */
const MONTHS_MAX_AGE_MS = 60_000

/** The punches table's reads for the API: lists, manual entries, exports, per-device counts and activity. */
export class Punches {
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly hooks: PunchChangeHooks = NO_HOOKS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private months: { read: number; months: Promise<readonly Month[]> } | undefined

  list(query: PunchQuery): Promise<{ items: ListedPunch[]; nextCursor: string | null }> {
    return listPunches(this.db, query, this.now(), () => this.partitionMonths())
  }

  /** The months that have a partition, read at most once a minute (a round trip saved on most pages). */
  private partitionMonths(): Promise<readonly Month[]> {
    const now = performance.now()
    if (!this.months || now - this.months.read > MONTHS_MAX_AGE_MS) {
      const months = partitionMonths(this.db)
      // A failed read is not kept: the next page asks again.
      months.catch(() => {
        if (this.months?.months === months) this.months = undefined
      })
      this.months = { read: now, months }
    }
    return this.months.months
  }

  async addManual(input: ManualPunchInput): Promise<{ created: boolean; punch: PunchRow }> {
    const out = await addManualPunch(this.db, input, this.hooks.guard)
    if (out.created) {
      await this.hooks.changed([{ pin: out.punch.pin, sn: out.punch.sn, at: out.punch.punchedAt }])
    }
    return out
  }

  export(filter: PunchFilter, format: ExportFormat, bom: boolean): ReadableStream<Uint8Array> {
    return punchExportStream(this.db, filter, format, bom, this.log)
  }

  /** Edits or voids a punch with a reason, beside the original record. */
  async correct(id: number, input: CorrectionInput) {
    const out = await correctPunch(this.db, id, input, this.hooks.guard)
    await this.hooks.changed(
      [out.original, ...(out.punch ? [out.punch] : [])].map((p) => ({
        pin: p.pin,
        sn: p.sn,
        at: p.punchedAt,
      })),
    )
    return out
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
