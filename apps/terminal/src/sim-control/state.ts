import { isSimHardware } from '../hardware/create-hardware'
import type { TerminalContext } from '../runtime/terminal'

/** The `/state` snapshot: what a test or an operator wants to see at a glance. */
export function terminalState(context: TerminalContext) {
  const { store, clock, hardware, feedback, config } = context
  const sim = isSimHardware(hardware) ? hardware.snapshot() : undefined
  const sync = context.syncStatus()
  return {
    sn: config.sn,
    bootCount: context.bootCount,
    // Reaching the server, as the sync loop last saw it; without one, what the status LED shows.
    online: sync ? sync.online : feedback.connectivity === 'online',
    connectivity: feedback.connectivity,
    leds: {
      green: hardware.greenLed.state,
      red: hardware.redLed.state,
      status: hardware.statusLed.state,
    },
    buzzer: sim?.buzzer.patterns ?? [],
    // What the display shows (the screen's text, before folding to the display's characters).
    display: context.screen.lines,
    hardware: sim,
    // What the fingerprint sensor holds, beside the store's templates: the two can be told apart.
    fingerprint: hardware.fingerprint
      ? {
          format: hardware.fingerprint.format,
          online: hardware.fingerprint.online,
          capacity: hardware.fingerprint.capacity,
          slots: store.listSlots().length,
          ...(sim?.fingerprint
            ? { finger: sim.fingerprint.finger, prompt: sim.fingerprint.prompt }
            : {}),
        }
      : null,
    users: store.countUsers(),
    templates: store.countTemplates(),
    unsentPunches: store.countUnsentPunches(),
    totalPunches: store.countPunches(),
    unsentOplog: store.countUnsentOplog(),
    unackedResults: store.unackedResults().length,
    clockOffsetMs: clock.offsetMs,
    wallClock: clock.wallClock(),
    tasks: context.supervisor.status(),
    sync: sync ?? null,
  }
}
