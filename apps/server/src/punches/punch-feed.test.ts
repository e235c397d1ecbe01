import { describe, expect, it } from 'vitest'
import type { Db } from '../db'
import { silentLogger } from '../logger'
import { PunchFeed } from './punch-feed'

describe('PunchFeed.announce', () => {
  it('sends one NOTIFY at once and one more for a burst after it, never one per commit', async () => {
    let sent = 0
    const feed = new PunchFeed({
      // announce never reads the database
      db: {} as Db,
      log: silentLogger,
      notify: async () => {
        sent++
      },
    })
    feed.announce()
    expect(sent).toBe(1)
    for (let i = 0; i < 50; i++) feed.announce()
    expect(sent).toBe(1)
    await new Promise((r) => setTimeout(r, 250))
    // The burst's last commit is announced too: a listener never waits for a later punch to see it.
    expect(sent).toBe(2)
    feed.stop()
  })
})
