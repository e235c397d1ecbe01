import { describe, expect, it } from 'vitest'
import { parseResponse } from './http-response'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('parseResponse', () => {
  it('reads a Content-Length body and says how many bytes it used', () => {
    const one = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 2\r\n\r\nOK'
    const reply = parseResponse(bytes(`${one}HTTP/1.1 200 OK\r\n`))
    expect(reply).toEqual({ status: 200, body: 'OK', length: one.length, close: false })
  })

  it('waits for the rest of a split response', () => {
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n'))).toBeUndefined()
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nOK'))).toBeUndefined()
  })

  it('joins chunked bodies and notices Connection: close', () => {
    const raw =
      'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nOK\r\n3\r\n:12\r\n0\r\n\r\n'
    expect(parseResponse(bytes(raw))).toEqual({
      status: 404,
      body: 'OK:12',
      length: raw.length,
      close: true,
    })
    expect(parseResponse(bytes(raw.slice(0, -2)))).toBeUndefined()
  })
})
