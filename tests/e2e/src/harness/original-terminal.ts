/**
 * A client that behaves exactly like the original Webroster Python terminal (webroster-bio `sync_service.py` and
 * `fingerprint_manager.py`), as far as the server can tell: same requests, same headers, same judgement of
 * replies. It is driven a cycle at a time (the original sleeps 20 s between cycles) so scenarios stay fast.
 */

/** One check-in in the terminal's SQLite `events` table. */
export interface OriginalEvent {
  id: number
  userId: string
  /** `datetime.isoformat()` of UTC + TIMEZONE_OFFSET: `YYYY-MM-DDTHH:MM:SS.ffffff` */
  timestamp: string
  /** The instant the check-in happened (what the timestamp means) */
  at: Date
  synced: boolean
}

/** One HTTP exchange, as the terminal saw it. */
export interface OriginalExchange {
  method: string
  path: string
  status: number
  body: string
}

export interface OriginalTerminalOptions {
  serverUrl: string
  /** The serial: `WBIO` + the Pi CPU serial's last 6 characters, or the literal `None` on a board without one */
  sn: string
  /** `TIMEZONE_OFFSET` from config.json: hours added to UTC (the original's default is -6) */
  utcOffsetHours?: number
}

const HEADERS = { 'User-Agent': 'Mindware_bioterminal', Accept: '*/*', Connection: 'close' }
const PROTOCOL = 'options=all&language=101&pushver=3.0.0&PushOptionsFlag=1'

function two(n: number): string {
  return String(n).padStart(2, '0')
}

/** Python's `requests` reads the charset from Content-Type, and `text/*` without one as ISO-8859-1. */
function decodeLikeRequests(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset=([^;\s]+)/i.exec(contentType ?? '')?.[1]
  if (charset) return new TextDecoder(charset).decode(bytes)
  return new TextDecoder(/^text\//i.test(contentType ?? '') ? 'latin1' : 'utf-8').decode(bytes)
}

/** `requests` re-quotes a URL built by hand: spaces and stray `%` become escapes, the rest stays. */
function requote(query: string): string {
  return query.replace(/%(?![0-9A-Fa-f]{2})/g, '%25').replace(/ /g, '%20')
}

export class OriginalTerminal {
  readonly events: OriginalEvent[] = []
  /** Local users (`users` table) from `DATA UPDATE USERINFO` lines: PIN → name */
  readonly users = new Map<string, string>()
  readonly exchanges: OriginalExchange[] = []
  /** Every command line it was handed (`C:<id>:…`), in order */
  readonly commandLines: string[] = []
  /** Log files waiting for upload (deleted after a 200) */
  readonly logFiles = new Map<string, string>()
  reboots = 0
  private nextId = 1
  private readonly offsetMs: number

  constructor(readonly options: OriginalTerminalOptions) {
    this.offsetMs = (options.utcOffsetHours ?? -6) * 3_600_000
  }

  get sn(): string {
    return this.options.sn
  }

  /** `datetime.utcnow() + timedelta(hours=TIMEZONE_OFFSET)` as parts read in UTC. */
  private wall(at: Date): Date {
    return new Date(at.getTime() + this.offsetMs)
  }

  private isoWall(at: Date, micros: number): string {
    const w = this.wall(at)
    const base = `${w.getUTCFullYear()}-${two(w.getUTCMonth() + 1)}-${two(w.getUTCDate())}T${two(w.getUTCHours())}:${two(w.getUTCMinutes())}:${two(w.getUTCSeconds())}`
    return micros === 0 ? base : `${base}.${String(micros).padStart(6, '0')}`
  }

  /** `current_time` of the poll: `%Y-%m-%d %H:%M:%S` of UTC + offset. */
  private currentTime(at: Date): string {
    return this.isoWall(at, 0).replace('T', ' ')
  }

  /** A check-in by `userId` now (the sensor matched), with microseconds as `isoformat()` gives them. */
  checkIn(userId: string, at = new Date()): OriginalEvent {
    const micros = (at.getUTCMilliseconds() * 1000 + 417) % 1_000_000
    const event: OriginalEvent = {
      id: this.nextId++,
      userId,
      timestamp: this.isoWall(at, micros),
      at,
      synced: false,
    }
    this.events.push(event)
    return event
  }

  unsynced(): OriginalEvent[] {
    return this.events.filter((e) => !e.synced)
  }

  private async request(method: string, path: string, init: RequestInit = {}) {
    const res = await fetch(`${this.options.serverUrl}${path}`, {
      method,
      ...init,
      headers: { ...HEADERS, ...(init.headers as Record<string, string> | undefined) },
    })
    const body = decodeLikeRequests(
      new Uint8Array(await res.arrayBuffer()),
      res.headers.get('content-type'),
    ).trim()
    const exchange = { method, path, status: res.status, body }
    this.exchanges.push(exchange)
    return exchange
  }

  /** `send_handshake`: the reply is only logged. */
  async handshake(): Promise<OriginalExchange> {
    return this.request('GET', `/iclock/cdata?SN=${this.sn}&${PROTOCOL}`)
  }

  /** `poll_getrequest`: telemetry in a hand-built query; `C:` lines run on a 200, and nothing is acknowledged. */
  async poll(at = new Date()): Promise<OriginalExchange> {
    const query = [
      `SN=${this.sn}`,
      PROTOCOL,
      'ip=127.0.1.1',
      `current_time=${this.currentTime(at)}`,
      'temp=48.2',
      'uptime=up 2 hours, 3 minutes',
      'disk=23%',
      'mem=41%',
      'gitver=e029224',
    ].join('&')
    const reply = await this.request('GET', `/iclock/getrequest?${requote(query)}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    if (reply.status === 200 && reply.body.startsWith('C:')) await this.runCommands(reply.body)
    return reply
  }

  private async runCommands(body: string): Promise<void> {
    for (const line of body.split(/\r?\n/)) {
      this.commandLines.push(line)
      if (line.includes('USERINFO')) this.parseUserInfo(line)
      else if (line.includes('CONTROL DEVICE 03000000')) await this.reboot()
    }
  }

  private parseUserInfo(line: string): void {
    const fields = new Map<string, string>()
    for (const part of line.split('\t')) {
      const eq = part.indexOf('=')
      if (eq < 0) continue
      const key = part.slice(0, eq).split(' ').pop() ?? ''
      fields.set(key, part.slice(eq + 1))
    }
    const pin = fields.get('PIN')
    if (pin) this.users.set(pin, fields.get('Name') ?? '')
  }

  /** `sudo /sbin/reboot`: the sync service starts again and sends its handshake. */
  private async reboot(): Promise<void> {
    this.reboots++
    await this.handshake()
  }

  /** `push_unsynced_logs`: `ATTLOG` header line, ISO times; every event sent is marked synced on any 200. */
  async push(): Promise<OriginalExchange | undefined> {
    const logs = this.unsynced()
    if (logs.length === 0) return undefined
    const payload = ['ATTLOG', ...logs.map((e) => `${e.userId}\t${e.timestamp}\t0\t0\t0`)].join(
      '\n',
    )
    const reply = await this.request('POST', `/iclock/cdata?SN=${this.sn}&table=ATTLOG`, {
      body: payload,
      headers: { 'Content-Type': 'text/plain' },
    })
    if (reply.status === 200) {
      for (const e of logs) e.synced = true
      if (reply.body.startsWith('C:')) await this.runCommands(reply.body)
    }
    return reply
  }

  /** One turn of the sync loop: poll, then push. */
  async cycle(at = new Date()): Promise<void> {
    await this.poll(at)
    await this.push()
  }

  /** `upload_latest_log`: multipart `file` + `sn`; the renamed copy is deleted on a 200. */
  async uploadLog(fileName: string, content: string): Promise<OriginalExchange> {
    this.logFiles.set(fileName, content)
    const form = new FormData()
    form.set('file', new File([content], fileName))
    form.set('sn', this.sn)
    const reply = await this.request('POST', '/iclock/upload-log', { body: form })
    if (reply.status === 200) this.logFiles.delete(fileName)
    return reply
  }

  /** Every event the server answered 2xx for. */
  acknowledged(): OriginalEvent[] {
    return this.events.filter((e) => e.synced)
  }
}
