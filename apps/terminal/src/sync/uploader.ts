import { formatAttlog } from '@webroster/protocol'
import { stampKey } from '../store/options'
import type { Store } from '../store/store'
import type { PunchRecord } from '../store/types'
import type { AdmsClient, AdmsReply, UploadTable } from './adms-client'
import { SerialLock } from './serial-lock'
import { assertUploadAccepted } from './upload-reply'

export interface UploaderOptions {
  store: Store
  client: AdmsClient
  /** Most records per request. */
  batchCap: number
  /** Batches per flush, so a long backlog does not starve command polling. */
  maxBatchesPerFlush?: number
  /** Every reply passes here first (the clock follows its Date header). */
  onReply?: (reply: AdmsReply) => void
}

/** What one flush moved. */
export interface FlushResult {
  punches: number
  oplog: number
}

/** Stamp a terminal sends before any batch was accepted: what current firmware sends. */
const NO_STAMP = '9999'

const toAttlog = (p: PunchRecord) => ({
  pin: p.pin,
  time: p.time,
  status: p.status,
  verify: p.verify,
  workCode: p.workcode,
})

/**
 * Pushes the punch backlog (ATTLOG) and the op-log outbox (OPERLOG). A record is marked sent only
 * after the server accepted exactly the lines sent; every request goes through one lock.
 */
export class Uploader {
  readonly #o: UploaderOptions
  readonly #lock = new SerialLock()
  #pending: Promise<FlushResult> | undefined

  constructor(options: UploaderOptions) {
    this.#o = options
  }

  get busy(): boolean {
    return this.#lock.busy
  }

  /**
   * Uploads unsent punches then op-log records. Calls while one flush waits to start share it,
   * so bursts of punches cause one upload, not one each.
   */
  flush(signal?: AbortSignal): Promise<FlushResult> {
    if (this.#pending) return this.#pending
    const run = this.#lock.run(async () => {
      this.#pending = undefined
      return this.#flushNow(signal)
    })
    this.#pending = run
    return run
  }

  /** Uploads given punches as ATTLOG (a `DATA QUERY ATTLOG` answer); does not mark anything. */
  uploadPunches(punches: readonly PunchRecord[], signal?: AbortSignal): Promise<number> {
    return this.#lock.run(async () => {
      const cap = this.#o.batchCap
      for (let i = 0; i < punches.length; i += cap) {
        const batch = punches.slice(i, i + cap)
        await this.#send('ATTLOG', formatAttlog(batch.map(toAttlog)), batch.length, signal)
      }
      return punches.length
    })
  }

  /** Uploads given OPERLOG lines (a `DATA QUERY USERINFO` answer); does not mark anything. */
  uploadOperlogLines(lines: readonly string[], signal?: AbortSignal): Promise<number> {
    return this.#lock.run(async () => {
      const cap = this.#o.batchCap
      for (let i = 0; i < lines.length; i += cap) {
        const batch = lines.slice(i, i + cap)
        await this.#send('OPERLOG', batch.map((l) => `${l}\n`).join(''), batch.length, signal)
      }
      return lines.length
    })
  }

  async #flushNow(signal: AbortSignal | undefined): Promise<FlushResult> {
    const { store, batchCap } = this.#o
    const maxBatches = this.#o.maxBatchesPerFlush ?? 20
    const result: FlushResult = { punches: 0, oplog: 0 }
    for (let i = 0; i < maxBatches; i++) {
      const punches = store.unsentPunches(batchCap)
      if (punches.length === 0) break
      await this.#send('ATTLOG', formatAttlog(punches.map(toAttlog)), punches.length, signal)
      const ids = punches.map((p) => p.id)
      const last = ids[ids.length - 1] ?? 0
      store.transaction(() => {
        store.markPunchesSent(ids, `attlog-${ids[0]}-${last}`)
        store.setOption(stampKey('ATTLOG'), String(last))
      })
      result.punches += punches.length
      if (punches.length < batchCap) break
    }
    for (let i = 0; i < maxBatches; i++) {
      const records = store.unsentOplog(batchCap)
      if (records.length === 0) break
      const body = records.map((r) => `${r.line}\n`).join('')
      await this.#send('OPERLOG', body, records.length, signal)
      const ids = records.map((r) => r.id)
      store.transaction(() => {
        store.markOplogSent(ids)
        store.setOption(stampKey('OPERLOG'), String(ids[ids.length - 1] ?? 0))
      })
      result.oplog += records.length
      if (records.length < batchCap) break
    }
    return result
  }

  async #send(
    table: UploadTable,
    body: string,
    count: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const stamp = this.#o.store.getOption(stampKey(table)) ?? NO_STAMP
    const reply = await this.#o.client.upload(table, body, stamp, signal)
    this.#o.onReply?.(reply)
    assertUploadAccepted(reply, count)
  }
}
