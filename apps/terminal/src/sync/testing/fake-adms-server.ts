import {
  type AttlogRecord,
  type DeviceCmdResult,
  formatHandshakeReply,
  formatOkReply,
  HANDSHAKE_DEFAULTS,
  type OperlogRecord,
  parseAttlog,
  parseDeviceCmdBody,
  parseOperlog,
} from '@webroster/protocol'
import type { FetchLike } from '../http-adms-client'

/** What a test wants the next upload to get back, given the lines it carried. */
export type UploadBehaviour = (table: string, lines: number) => { status?: number; body: string }

/** A request the fake server saw. */
export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  body: string
  headers: Headers
}

/**
 * A small in-memory ADMS server built from the protocol codec, for sync tests: it keeps what was
 * committed, re-delivers queued commands until a result arrives, and can be told to refuse.
 */
export class FakeAdmsServer {
  readonly requests: SeenRequest[] = []
  readonly punches: AttlogRecord[] = []
  readonly operlog: OperlogRecord[] = []
  readonly results: DeviceCmdResult[] = []
  readonly logs: { name: string; sn: string; text: string }[] = []
  /** `options`: a full option block; `pending`: plain `OK` (not admitted). */
  handshake: 'options' | 'pending' = 'options'
  options: {
    delay: number
    errorDelay: number
    realtime: boolean
    transInterval: number
    transTimes?: string
    stamps?: { ATTLOG?: string; OPERLOG?: string }
  } = {
    delay: 10,
    errorDelay: 5,
    realtime: true,
    transInterval: 1,
  }
  upload: UploadBehaviour | undefined
  devicecmdReply = 'OK'
  date: Date = new Date('2025-05-20T12:00:00Z')
  /** id → command text, until a result for id arrives. */
  readonly queue = new Map<string, string>()
  /** Requests answer only when this resolves (a hung server). */
  hang: Promise<void> | undefined

  enqueue(id: string, command: string): void {
    this.queue.set(id, command)
  }

  count(path: string, method?: string): number {
    return this.requests.filter((r) => r.path === path && (!method || r.method === method)).length
  }

  readonly fetch: FetchLike = async (input, init) => {
    const url = new URL(input)
    const body =
      init.body instanceof FormData
        ? ''
        : init.body === undefined || init.body === null
          ? ''
          : await new Response(init.body).text()
    const seen: SeenRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: new Headers(init.headers),
    }
    this.requests.push(seen)
    if (this.hang) {
      const signal = init.signal
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
        this.hang?.then(resolve, reject)
      })
    }
    if (url.pathname === '/iclock/upload-log' && init.body instanceof FormData) {
      const file = init.body.get('file')
      if (file instanceof Blob) {
        this.logs.push({
          name: file instanceof File ? file.name : '',
          sn: String(init.body.get('sn')),
          text: await file.text(),
        })
      }
      return this.reply('OK')
    }
    return this.route(seen)
  }

  private reply(body: string, status = 200): Response {
    return new Response(body, { status, headers: { date: this.date.toUTCString() } })
  }

  private route(r: SeenRequest): Response {
    const sn = r.query.get('SN') ?? ''
    if (r.path === '/iclock/cdata' && r.method === 'GET') {
      if (this.handshake === 'pending') return this.reply('OK')
      return this.reply(
        formatHandshakeReply(sn, {
          ...HANDSHAKE_DEFAULTS,
          transFlag: [...HANDSHAKE_DEFAULTS.transFlag],
          stamps: { ATTLOG: '9999', OPERLOG: '9999', ...this.options.stamps },
          ...(this.options.transTimes === undefined ? {} : { transTimes: this.options.transTimes }),
          delay: this.options.delay,
          errorDelay: this.options.errorDelay,
          realtime: this.options.realtime,
          transInterval: this.options.transInterval,
          timeZone: 0,
          serverVer: '2.4.1',
          pushProtVer: '2.4.1',
        }),
      )
    }
    if (r.path === '/iclock/cdata' && r.method === 'POST') {
      const table = r.query.get('table') ?? ''
      const lines = r.body.split('\n').filter((l) => l.trim() !== '').length
      const custom = this.upload?.(table, lines)
      if (custom) return this.reply(custom.body, custom.status ?? 200)
      if (table === 'ATTLOG') {
        const parsed = parseAttlog(r.body)
        // Idempotent, as a real server: (pin, time) already present is not a second punch.
        for (const p of parsed.records) {
          if (!this.punches.some((q) => q.pin === p.pin && q.time === p.time)) this.punches.push(p)
        }
        return this.reply(formatOkReply(parsed.records.length))
      }
      if (table === 'OPERLOG') {
        const parsed = parseOperlog(r.body)
        this.operlog.push(...parsed.records)
        return this.reply(formatOkReply(parsed.records.length))
      }
      return this.reply('OK')
    }
    if (r.path === '/iclock/getrequest') {
      if (this.queue.size === 0) return this.reply('OK')
      return this.reply([...this.queue].map(([id, c]) => `C:${id}:${c}\n`).join(''))
    }
    if (r.path === '/iclock/devicecmd') {
      if (this.devicecmdReply !== 'OK') return this.reply(this.devicecmdReply)
      for (const res of parseDeviceCmdBody(r.body).records) {
        this.results.push(res)
        this.queue.delete(res.id)
      }
      return this.reply('OK')
    }
    return this.reply('OK')
  }
}
