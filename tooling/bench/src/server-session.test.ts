import { describe, expect, it } from 'vitest'
import { handshakeReport } from './server-session'

describe('handshakeReport', () => {
  const all = { ok: 1000, errors: 0, unexpected: 0, resent: 0 }

  it('says nothing when every handshake got the option block at the first try', () => {
    expect(handshakeReport(all, 1000, '')).toBeUndefined()
  })

  it('gives the re-sends, a sample reply and the server line that says why', () => {
    const log = [
      '{"level":"warn","msg":"slow"}',
      '{"level":"error","msg":"device request failed","sn":"BENCH000001","error":"DatabaseTimeout"}',
      '{"level":"error","msg":"device request failed","sn":"BENCH000007","error":"DatabaseTimeout"}',
    ].join('\n')
    expect(
      handshakeReport({ ...all, unexpected: 2, resent: 2, unexpectedSample: '200 OK' }, 1000, log),
    ).toBe(
      '  handshake: 1000/1000 ok, 2 re-sent after 2 unexpected replies (200 OK) and 0 socket errors; server: ' +
        '{"level":"error","msg":"device request failed","sn":"BENCH000007","error":"DatabaseTimeout"}',
    )
    expect(handshakeReport({ ...all, ok: 998, unexpected: 12, resent: 10 }, 1000, '')).toBe(
      '  handshake: 998/1000 ok, 10 re-sent after 12 unexpected replies (none) and 0 socket errors',
    )
  })
})
