import type { TerminalHandle } from './terminal'
import { waitFor } from './wait'

/**
 * Scans `total` punches on a terminal whose duplicate window is 0, cycling through `cards`
 * (decimal card numbers, as the API takes them).
 * A punch is identified by (PIN, device-local second, state), so each new round of cards
 * starts only once the terminal's clock has left the second of the round before: every punch
 * is then distinct. Throws if any scan is not accepted.
 */
export async function scanBacklog(
  terminal: TerminalHandle,
  cards: readonly string[],
  total: number,
): Promise<void> {
  let done = 0
  while (done < total) {
    const round = cards.slice(0, Math.min(cards.length, total - done))
    let last = ''
    for (const card of round) {
      const r = await terminal.scan({ card })
      if (r.outcome !== 'accepted' || !r.time) {
        throw new Error(`scan of card ${card} on ${terminal.sn}: ${JSON.stringify(r)}`)
      }
      last = r.time
    }
    done += round.length
    if (done < total) {
      await waitFor(
        `${terminal.sn} clock to pass ${last}`,
        async () => (await terminal.state()).wallClock > last,
        5_000,
        50,
      )
    }
  }
}
