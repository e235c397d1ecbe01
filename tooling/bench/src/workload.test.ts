import { formatAttlog, parseAttlog } from '@webroster/protocol'
import { describe, expect, it } from 'vitest'
import { attlogBody, attlogRequest, punch, terminalSerial, wallClock } from './workload'

describe('workload', () => {
  it('writes the same ATTLOG text as the protocol serializer, one distinct punch per line', () => {
    const body = attlogBody(1_735_689_600, 86_395, 10)
    const records = Array.from({ length: 10 }, (_, i) => punch(1_735_689_600, 86_395 + i))
    expect(body).toBe(formatAttlog(records))
    expect(body.split('\n')[0]).toBe('1396\t2025-01-01 23:59:55\t0\t1\t0\t0\t0')
    expect(new Set(records.map((r) => r.time)).size).toBe(10)
    expect(records[5]?.time).toBe(wallClock(1_735_689_600 + 86_400))
  })

  it('parses back with the protocol parser', () => {
    const parsed = parseAttlog(attlogBody(0, 0, 3))
    expect(parsed.rejected).toEqual([])
    expect(parsed.records.map((r) => [r.pin, r.time])).toEqual([
      ['1', '1970-01-01 00:00:00'],
      ['2', '1970-01-01 00:00:01'],
      ['3', '1970-01-01 00:00:02'],
    ])
  })

  it('posts with Content-Length and no Content-Type', () => {
    const text = new TextDecoder().decode(attlogRequest(terminalSerial(7), 'x\n'))
    expect(text).toMatch(
      /^POST \/iclock\/cdata\?SN=BENCH000007&table=ATTLOG&Stamp=9999 HTTP\/1.1\r\n/,
    )
    expect(text).toContain('Content-Length: 2\r\n\r\nx\n')
    expect(text.toLowerCase()).not.toContain('content-type')
  })
})
