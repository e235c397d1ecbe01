/** One HTTP/1.1 response read off a keep-alive socket. */
export interface HttpReply {
  status: number
  body: string
  /** Bytes of the buffer this response used (headers and body) */
  length: number
  /** The server asked to close the connection after this response */
  close: boolean
}

const CRLFCRLF = [13, 10, 13, 10]
const decoder = new TextDecoder()

function indexOfSeq(buf: Uint8Array, seq: readonly number[], from: number): number {
  outer: for (let i = from; i <= buf.length - seq.length; i++) {
    for (let j = 0; j < seq.length; j++) if (buf[i + j] !== seq[j]) continue outer
    return i
  }
  return -1
}

/**
 * Parses the first complete response in `buf`; undefined while more bytes are needed.
 * Handles Content-Length and chunked bodies, which is all a Bun server sends.
 */
export function parseResponse(buf: Uint8Array): HttpReply | undefined {
  const headEnd = indexOfSeq(buf, CRLFCRLF, 0)
  if (headEnd < 0) return undefined
  const head = decoder.decode(buf.subarray(0, headEnd))
  const lines = head.split('\r\n')
  const status = Number(lines[0]?.split(' ')[1])
  let contentLength = -1
  let chunked = false
  let close = false
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase()
    if (name === 'content-length') contentLength = Number(value)
    else if (name === 'transfer-encoding') chunked = value.includes('chunked')
    else if (name === 'connection') close = value === 'close'
  }
  const bodyStart = headEnd + 4
  if (chunked) return parseChunked(buf, bodyStart, status, close)
  const size = Math.max(contentLength, 0)
  if (buf.length < bodyStart + size) return undefined
  const body = decoder.decode(buf.subarray(bodyStart, bodyStart + size))
  return { status, body, length: bodyStart + size, close }
}

function parseChunked(
  buf: Uint8Array,
  start: number,
  status: number,
  close: boolean,
): HttpReply | undefined {
  let pos = start
  let body = ''
  for (;;) {
    const lineEnd = indexOfSeq(buf, [13, 10], pos)
    if (lineEnd < 0) return undefined
    const size = Number.parseInt(decoder.decode(buf.subarray(pos, lineEnd)), 16)
    const dataStart = lineEnd + 2
    if (buf.length < dataStart + size + 2) return undefined
    if (size === 0) {
      // no trailers are sent by Bun: the terminating chunk is followed by one empty line
      return { status, body, length: dataStart + 2, close }
    }
    body += decoder.decode(buf.subarray(dataStart, dataStart + size))
    pos = dataStart + size + 2
  }
}
