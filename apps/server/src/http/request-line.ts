const SPACE = 0x20
const CR = 0x0d
const LF = 0x0a
const HEX = '0123456789ABCDEF'

/** Bytes Bun's HTTP parser refuses inside a request target: controls, space and DEL. */
function illegalInTarget(byte: number): boolean {
  return byte <= SPACE || byte === 0x7f
}

/** Index of the last ` HTTP/d.d` that ends the line, or -1. */
function versionStart(line: Uint8Array): number {
  const n = line.length
  // ` HTTP/1.1` is 9 bytes
  const at = n - 9
  if (at < 0) return -1
  const ok =
    line[at] === SPACE &&
    line[at + 1] === 0x48 &&
    line[at + 2] === 0x54 &&
    line[at + 3] === 0x54 &&
    line[at + 4] === 0x50 &&
    line[at + 5] === 0x2f &&
    (line[at + 6] ?? 0) >= 0x30 &&
    (line[at + 6] ?? 0) <= 0x39 &&
    line[at + 7] === 0x2e &&
    (line[at + 8] ?? 0) >= 0x30 &&
    (line[at + 8] ?? 0) <= 0x39
  return ok ? at : -1
}

/**
 * Repairs a request line (without its line ending) that legacy firmware wrote with raw spaces or control bytes in
 * the target (`GET /iclock/cdata?INFO=Ver 6.39 Apr 28 2008 HTTP/1.1`): the target runs from after the method to
 * the last ` HTTP/x.y`, and each such byte in it is percent-encoded. A line that needs nothing comes back as the
 * same object; one that is not a request line at all also comes back unchanged, for Bun to refuse.
 *
 * @example repairRequestLine(bytes('GET /a?b=c d HTTP/1.1')) // bytes('GET /a?b=c%20d HTTP/1.1')
 */
export function repairRequestLine(line: Uint8Array): Uint8Array {
  const methodEnd = line.indexOf(SPACE)
  if (methodEnd <= 0) return line
  const version = versionStart(line)
  if (version <= methodEnd) return line
  let start = methodEnd + 1
  // Extra spaces between the method and the target separate, they are not part of it.
  while (start < version && line[start] === SPACE) start++
  let bad = start - methodEnd - 1
  for (let i = start; i < version; i++) if (illegalInTarget(line[i] ?? 0)) bad++
  if (bad === 0) return line
  const out: number[] = []
  for (let i = 0; i <= methodEnd; i++) out.push(line[i] ?? 0)
  for (let i = start; i < version; i++) {
    const byte = line[i] ?? 0
    if (illegalInTarget(byte)) out.push(0x25, HEX.charCodeAt(byte >> 4), HEX.charCodeAt(byte & 15))
    else out.push(byte)
  }
  for (let i = version; i < line.length; i++) out.push(line[i] ?? 0)
  return Uint8Array.from(out)
}

/** One request head found in a byte stream: where it ends and how long its body is. */
export interface RequestHead {
  /** The head with its request line repaired, ending with the blank line */
  head: Uint8Array
  /** Body bytes that follow (Content-Length), or 'unframed' when the body is chunked or cannot be measured */
  body: number | 'unframed'
}

const HEAD_END = Uint8Array.from([CR, LF, CR, LF])

/**
 * Cuts the first request head off `buffer` (which starts at a request), or returns undefined while it is still
 * incomplete. The head is read as latin1 only for its framing headers; everything else passes as bytes.
 */
export function takeRequestHead(
  buffer: Uint8Array,
): { head: RequestHead; consumed: number } | undefined {
  const end = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).indexOf(HEAD_END)
  if (end < 0) return undefined
  const consumed = end + 4
  const raw = buffer.subarray(0, consumed)
  const lineEnd = raw.indexOf(LF)
  const lineStop = lineEnd > 0 && raw[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd
  const line = raw.subarray(0, lineStop)
  const fixed = repairRequestLine(line)
  const head = fixed === line ? raw : Uint8Array.from([...fixed, ...raw.subarray(lineStop)])
  return { head: { head, body: bodyLength(raw) }, consumed }
}

function bodyLength(raw: Uint8Array): number | 'unframed' {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1')
  if (/\r\ntransfer-encoding[ \t]*:/i.test(text)) return 'unframed'
  const lengths = [...text.matchAll(/\r\ncontent-length[ \t]*:[ \t]*([^\r]*)/gi)]
  if (lengths.length === 0) return 0
  const values = new Set(lengths.map((m) => (m[1] ?? '').trim()))
  const [only] = values
  if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) return 'unframed'
  return Number(only)
}
