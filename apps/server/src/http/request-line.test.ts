import { describe, expect, it } from 'vitest'
import { repairRequestLine, takeRequestHead } from './request-line'

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1')

describe('repairRequestLine', () => {
  it('percent-encodes raw spaces and control bytes inside the target, up to the last HTTP version', () => {
    const table: Array<[string, string]> = [
      [
        'GET /iclock/cdata?SN=X&options=all&INFO=Ver 6.39 Apr 28 2008 HTTP/1.1',
        'GET /iclock/cdata?SN=X&options=all&INFO=Ver%206.39%20Apr%2028%202008 HTTP/1.1',
      ],
      ['GET /a?b=HTTP/1.1 x HTTP/1.0', 'GET /a?b=HTTP/1.1%20x HTTP/1.0'],
      ['GET /a?b=\tc\x7f HTTP/1.1', 'GET /a?b=%09c%7F HTTP/1.1'],
      ['GET   /a?b=c d HTTP/1.1', 'GET /a?b=c%20d HTTP/1.1'],
      ['POST /a?b=c  HTTP/1.1', 'POST /a?b=c%20 HTTP/1.1'],
    ]
    for (const [line, repaired] of table)
      expect(text(repairRequestLine(bytes(line)))).toBe(repaired)
  })

  it('hands back the very same bytes when nothing needs repair, or when it is no request line', () => {
    for (const line of [
      'GET /iclock/getrequest?SN=X HTTP/1.1',
      'GET /a b',
      'nonsense',
      'GET  HTTP/1.1',
    ]) {
      const input = bytes(line)
      expect(repairRequestLine(input)).toBe(input)
    }
  })
})

describe('takeRequestHead', () => {
  it('waits for the blank line, then gives the repaired head and the body length', () => {
    expect(takeRequestHead(bytes('GET /a b HTTP/1.1\r\nHost: x\r\n'))).toBeUndefined()
    const taken = takeRequestHead(
      bytes('POST /a b HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\nabcGET'),
    )
    expect(taken && text(taken.head.head)).toBe(
      'POST /a%20b HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\n',
    )
    expect(taken?.head.body).toBe(3)
    expect(taken?.consumed).toBe(50)
  })

  it('calls a chunked or ambiguous body unframed', () => {
    const chunked = takeRequestHead(bytes('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'))
    expect(chunked?.head.body).toBe('unframed')
    const twice = takeRequestHead(
      bytes('POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n'),
    )
    expect(twice?.head.body).toBe('unframed')
    const none = takeRequestHead(bytes('GET / HTTP/1.1\r\n\r\n'))
    expect(none?.head.body).toBe(0)
  })
})
