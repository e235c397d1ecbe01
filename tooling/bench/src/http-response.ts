/** One HTTP/1.1 response read off a keep-alive socket. */
export interface HttpReply {
  status: number
  body: string
  /** Bytes of the buffer this response used (headers and body) */
  length: number
  /** The server asked to close the connection after this response */
  close: boolean
}

const decoder = new TextDecoder()

/** Native search: a byte loop in JS was the generator's largest cost after the socket writes. */
function indexOfSeq(buf: Uint8Array, seq: string, from: number): number {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.length).indexOf(seq, from, 'latin1')
}

/**
 * Parses the first complete response in `buf`; undefined while more bytes are needed.
 * Handles Content-Length and chunked bodies, which is all a Bun server sends.
 */
export function parseResponse(buf: Uint8Array): HttpReply | undefined {
  const headEnd = indexOfSeq(buf, '\r\n\r\n', 0)
  if (headEnd < 0) return undefined
  const head = Buffer.from(buf.buffer, buf.byteOffset, headEnd).toString('latin1')
  const status = Number(head.slice(9, 12))
  const contentLength = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? -1)
  const chunked = /\r\ntransfer-encoding:[^\r]*chunked/i.test(head)
  const close = /\r\nconnection:\s*close/i.test(head)
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
    const lineEnd = indexOfSeq(buf, '\r\n', pos)
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
