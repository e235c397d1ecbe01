import { type ParseResult, parseInt32, type RejectedLine } from './records'

/** One command result a device POSTs to `/iclock/devicecmd`. */
export interface DeviceCmdResult {
  id: string
  returnCode: number
  /** the CMD= echo (`DATA`, `CLEAR_LOG`, `INFO`, …); '' when the device sent none */
  cmd: string
  /** sub-controller serial (Security PUSH) */
  sn?: string
  /** every other key of the result (`StartTime`, `AttlogSum`, `FILENAME`, …) */
  fields: Record<string, string>
  /** INFO: the `Key=Value` lines as text (LF-joined); GetFile/Shell: everything after `Content=` */
  content?: string
  /** INFO: the `Key=Value` lines */
  info?: Record<string, string>
}

function build(pairs: ReadonlyArray<readonly [string, string]>): DeviceCmdResult | string {
  let id: string | undefined
  let ret: string | undefined
  let cmd = ''
  let sn: string | undefined
  const fields: Record<string, string> = {}
  for (const [k, v] of pairs) {
    const lower = k.toLowerCase()
    // Some firmware writes `ID = 57229 & Return = 0`: the spaces are separators, never part of an id.
    if (lower === 'id' && id === undefined) id = v.trim()
    else if (lower === 'return' && ret === undefined) ret = v.trim()
    else if (lower === 'cmd' && cmd === '') cmd = v.trim()
    else if (lower === 'sn' && sn === undefined) sn = v.trim()
    else fields[k] = v
  }
  if (id === undefined) return 'result without ID'
  // Return codes are 32-bit on every firmware; a larger number is a corrupt line, not a code to store.
  const returnCode = ret === undefined ? undefined : parseInt32(ret)
  if (returnCode === undefined)
    return `result without an integer Return (${(ret ?? 'missing').slice(0, 40)})`
  const r: DeviceCmdResult = { id, returnCode, cmd, fields }
  if (sn !== undefined) r.sn = sn
  return r
}

function pairOf(part: string): [string, string] {
  const eq = part.indexOf('=')
  return eq < 0 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1)]
}

/** The `&`-joined form: spaces around `=` and `&` separate, so every value is trimmed. */
function pairsOf(line: string): Array<[string, string]> {
  return line
    .split('&')
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const [k, v] = pairOf(p)
      return [k, v.trim()]
    })
}

const startsWithId = (text: string): boolean => /^\s*id\s*=/i.test(text)
const isResultLine = (text: string): boolean => startsWithId(text) && text.includes('&')

function parseKeyLines(
  body: string,
  rejected: RejectedLine[],
  skip: number,
): ParseResult<DeviceCmdResult> {
  const pairs: Array<[string, string]> = []
  const used: Array<{ line: number; text: string }> = []
  let content: string | undefined
  let offset = 0
  const lines = body.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const start = offset
    offset += raw.length + 1
    if (text.trim() === '' || i < skip) continue
    if (/^content=/i.test(text)) {
      content = body.slice(start + 'content='.length)
      used.push({ line: i + 1, text })
      break
    }
    if (!text.includes('=')) rejected.push({ line: i + 1, text, reason: 'not a Key=Value line' })
    else {
      pairs.push(pairOf(text))
      used.push({ line: i + 1, text })
    }
  }
  const r = build(pairs)
  if (typeof r === 'string') {
    for (const u of used) rejected.push({ ...u, reason: r })
    rejected.sort((a, b) => a.line - b.line)
    return { records: [], rejected }
  }
  if (content !== undefined) r.content = content
  return { records: [r], rejected }
}

/**
 * Parses a devicecmd body: `ID=&Return=&CMD=` lines (several per body, any key case), INFO blocks (the first
 * line, then `Key=Value` lines), and the GetFile/Shell/PutFile form (one key per line, raw after `Content=`).
 * @example parseDeviceCmdBody('ID=a13eeb9927464f9e&Return=0&CMD=DATA\n').records[0]?.returnCode // 0
 */
export function parseDeviceCmdBody(body: string): ParseResult<DeviceCmdResult> {
  const lines = body
    .split('\n')
    .map((l, i) => ({ line: i + 1, text: l.endsWith('\r') ? l.slice(0, -1) : l }))
  const rejected: RejectedLine[] = []
  // Leading lines that are not key=value at all are rejected before choosing the form.
  let start = 0
  for (; start < lines.length; start++) {
    const { line, text } = lines[start] ?? { line: 0, text: '' }
    if (text.includes('=') || text.includes('&')) {
      if (!text.includes('&')) return parseKeyLines(body, rejected, start)
      break
    }
    if (text.trim() !== '') rejected.push({ line, text, reason: 'not a result line' })
  }
  const records: DeviceCmdResult[] = []
  let info: { result: DeviceCmdResult; lines: string[] } | undefined
  const closeInfo = () => {
    if (!info) return
    info.result.content = info.lines.join('\n')
    info.result.info = Object.fromEntries(info.lines.map(pairOf))
    info = undefined
  }
  for (const { line, text } of lines.slice(start)) {
    if (text.trim() === '') continue
    if (info && !isResultLine(text)) {
      info.lines.push(text)
      continue
    }
    closeInfo()
    if (!text.includes('&') && !startsWithId(text)) {
      rejected.push({ line, text, reason: 'not an ID=…&Return=…&CMD=… line' })
      continue
    }
    const r = build(pairsOf(text))
    if (typeof r === 'string') {
      rejected.push({ line, text, reason: r })
      continue
    }
    records.push(r)
    if (r.cmd.toUpperCase() === 'INFO') info = { result: r, lines: [] }
  }
  closeInfo()
  return { records, rejected }
}

/**
 * Formats one result as a device sends it: `ID=&Return=&CMD=…\n`, INFO lines after it, or the key-per-line
 * GetFile/Shell form with raw content last.
 * @example formatDeviceCmdResult({ id: '5', returnCode: 0, cmd: 'DATA', fields: {} }) // 'ID=5&Return=0&CMD=DATA\n'
 */
export function formatDeviceCmdResult(r: DeviceCmdResult): string {
  const extra = Object.entries(r.fields)
  if (r.content !== undefined && r.info === undefined) {
    const keys: Array<[string, string]> = [['ID', r.id]]
    if (r.sn !== undefined) keys.push(['SN', r.sn])
    keys.push(...extra, ['CMD', r.cmd], ['Return', String(r.returnCode)])
    return `${keys.map(([k, v]) => `${k}=${v}\n`).join('')}Content=${r.content}`
  }
  const parts: Array<[string, string]> = [
    ['ID', r.id],
    ['Return', String(r.returnCode)],
    ['CMD', r.cmd],
  ]
  if (r.sn !== undefined) parts.push(['SN', r.sn])
  parts.push(...extra)
  const head = `${parts.map(([k, v]) => `${k}=${v}`).join('&')}\n`
  if (r.info === undefined) return head
  return (
    head +
    Object.entries(r.info)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )
}

/**
 * Formats several line-form results into one body (a GetFile/Shell result must be sent alone).
 * @example formatDeviceCmdResults([a, b]) // 'ID=1&Return=0&CMD=DATA\nID=2&Return=0&CMD=CHECK\n'
 */
export function formatDeviceCmdResults(results: readonly DeviceCmdResult[]): string {
  return results.map(formatDeviceCmdResult).join('')
}
