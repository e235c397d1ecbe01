import {
  type OperlogRecord,
  type ParseResult,
  parseAttlog,
  parseBiodata,
  parseErrorlog,
  parseIdcard,
  parseOperlog,
  parseRtstate,
  parseUserinfo,
  type RejectedLine,
} from '@webroster/protocol'
import type { ServerConfig } from '../config'
import type { DeviceRow } from '../devices'
import { storeLogFile } from '../diagnostics/log-file'
import { storeRejected } from '../diagnostics/rejected-lines'
import { rtlogAsAttlog, tabledataAsOperlog } from './access-records'
import { storeAttendancePhoto } from './attendance-photo'
import { decodeBodyText } from './body-text'
import { type EnrolmentHook, fanOutEnrolled } from './fan-out-enrolled'
import { ingestOperlog } from './operlog-ingest'
import { type StorePunchesDeps, storePunches } from './store-punches'

export type { EnrolmentHook }

/** What the ingest is built with: the stores it writes, and the enrolment hook it calls after each commit. */
export interface IngestDeps extends StorePunchesDeps {
  config: Pick<
    ServerConfig,
    'defaultTimeZone' | 'clockSyncThresholdSeconds' | 'commandRedeliverySeconds'
  >
  /** Called once per upload with the users and templates it committed (the fan-out to other terminals) */
  onEnrolled: EnrolmentHook
}

/** What an upload stored: records accepted (a re-sent one counts), and the lines not stored with why. */
export interface IngestOutcome {
  accepted: number
  /** Also kept in `rejected_lines` for the operator */
  rejected: readonly RejectedLine[]
}

/** The tables of the OPERLOG family: users, templates, photos, operations and errors, in one transaction. */
export type OperlogTable = 'OPERLOG' | 'BIODATA' | 'IDCARD' | 'USERINFO' | 'ERRORLOG'

/** The Security PUSH tables: access events, door state, and user / template rows. */
export type AccessTable = 'rtlog' | 'rtstate' | 'tabledata'

const OPERLOG_PARSERS: Record<OperlogTable, (text: string) => ParseResult<OperlogRecord>> = {
  OPERLOG: parseOperlog,
  BIODATA: parseBiodata,
  IDCARD: parseIdcard,
  // Users arrive here as the answer to `DATA QUERY USERINFO`: the same people as OPERLOG USER records.
  USERINFO: parseUserinfo,
  ERRORLOG: parseErrorlog,
}

const NONE: readonly RejectedLine[] = []

/**
 * Everything a terminal uploads, stored behind one interface that takes the body as sent: each method resolves
 * only once what it accepted is committed (so the adapter may answer `OK`), and stores the lines it could not use
 * as rejected lines. Every write is idempotent, so a re-sent batch changes nothing.
 */
export class Ingest {
  constructor(private readonly deps: IngestDeps) {}

  /** ATTLOG punches, written by the group commit; `now` is when the request arrived (skew evidence). */
  attlog(device: DeviceRow, body: Uint8Array, now: Date): Promise<IngestOutcome> {
    const parsed = parseAttlog(decodeBodyText(body))
    return storePunches(this.deps, device, this.zoneOf(device), 'ATTLOG', parsed, now)
  }

  /** An OPERLOG-family table; the users and templates it committed go to the enrolment hook. */
  async operlog(device: DeviceRow, table: OperlogTable, body: Uint8Array): Promise<IngestOutcome> {
    const parsed = OPERLOG_PARSERS[table](decodeBodyText(body))
    const outcome = await this.records(device, table, parsed.records, parsed.rejected)
    this.deps.log.info('records stored', {
      sn: device.sn,
      table,
      accepted: outcome.accepted,
      rejected: outcome.rejected.length,
    })
    return outcome
  }

  /** An attendance photo (`ATTPHOTO`), kept once per file name. */
  async photo(device: DeviceRow, body: Uint8Array): Promise<IngestOutcome> {
    const stored = await storeAttendancePhoto(this.deps.db, device.sn, body)
    if ('rejected' in stored) return this.reject(device.sn, 'ATTPHOTO', [stored.rejected])
    this.deps.log.info('attendance photo stored', { sn: device.sn, fileName: stored.fileName })
    return { accepted: 1, rejected: NONE }
  }

  /**
   * A Security PUSH table: access events with a person become punches (the others rejected lines), door state
   * goes to the device's telemetry, `tabledata` rows of `tableName` are stored as users and templates.
   */
  async access(
    device: DeviceRow,
    table: AccessTable,
    body: Uint8Array,
    now: Date,
    tableName = '',
  ): Promise<IngestOutcome> {
    const text = decodeBodyText(body)
    if (table === 'rtlog') {
      const { parsed, notPunches } = rtlogAsAttlog(text)
      return storePunches(this.deps, device, this.zoneOf(device), 'rtlog', parsed, now, notPunches)
    }
    if (table === 'rtstate') {
      const parsed = parseRtstate(text)
      const last = parsed.records[parsed.records.length - 1]
      if (last) this.deps.presence.seen(device.sn, now, { telemetry: { rtstate: last } })
      await storeRejected(this.deps.db, device.sn, 'rtstate', parsed.rejected)
      return { accepted: parsed.records.length, rejected: parsed.rejected }
    }
    const { records, rejected } = tabledataAsOperlog(tableName, text)
    return this.records(device, `tabledata:${tableName}`, records, rejected)
  }

  /** A log file the terminal uploaded, kept as sent. */
  async logFile(sn: string, fileName: string, content: Uint8Array): Promise<void> {
    await storeLogFile(this.deps.db, sn, fileName, content)
    this.deps.log.info('device log stored', { sn, bytes: content.byteLength })
  }

  /** Lines of an upload nothing can use (an unknown table, an unsupported upload), kept with why. */
  async reject(sn: string, table: string, lines: readonly RejectedLine[]): Promise<IngestOutcome> {
    await storeRejected(this.deps.db, sn, table, lines)
    return { accepted: 0, rejected: lines }
  }

  private async records(
    device: DeviceRow,
    table: string,
    records: readonly OperlogRecord[],
    rejected: readonly RejectedLine[],
  ): Promise<IngestOutcome> {
    const { db, onEnrolled, log } = this.deps
    const outcome = await ingestOperlog(db, device.sn, this.zoneOf(device), records)
    await storeRejected(db, device.sn, table, rejected)
    await fanOutEnrolled(onEnrolled, log, device.sn, outcome.enrolled)
    return { accepted: outcome.accepted, rejected }
  }

  /** The zone the device's wall clock runs in: its own, else the server's default. */
  private zoneOf(device: DeviceRow): string {
    return device.timeZone ?? this.deps.config.defaultTimeZone
  }
}
