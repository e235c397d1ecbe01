import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Display } from '../hardware/ports'
import { createSimDisplay } from '../hardware/sim/sim-display'
import { createScreen, type ScreenState, stateText, wrap } from './screen'

let wall = '2025-05-20 09:00:58'
let state: ScreenState = { connectivity: 'online', registration: 'registered', waiting: 0 }
const clock = { wallClock: () => wall }

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
  wall = '2025-05-20 09:00:58'
  state = { connectivity: 'online', registration: 'registered', waiting: 0 }
})
afterEach(() => {
  vi.useRealTimers()
})

const lcd = () => createSimDisplay({ kind: 'hd44780', columns: 16, rows: 2 })

describe('the screen', () => {
  it('shows the clock and "Ready", and follows the minute', async () => {
    const display = lcd()
    const screen = createScreen(display, { clock, state: () => state })
    screen.start()
    await screen.settled()
    expect(display.snapshot().lines).toEqual(['2025-05-20 09:00', 'Ready'])
    wall = '2025-05-20 09:01:00'
    await vi.advanceTimersByTimeAsync(1000)
    expect(display.snapshot().lines).toEqual(['2025-05-20 09:01', 'Ready'])
    const updates = display.snapshot().updates
    await vi.advanceTimersByTimeAsync(5000)
    expect(display.snapshot().updates).toBe(updates)
    screen.stop()
  })

  it('greets a punch for four seconds, then returns to the clock', async () => {
    const display = lcd()
    const screen = createScreen(display, { clock, state: () => state })
    screen.start()
    screen.showPunch({ kind: 'accepted', name: 'Ana', status: 0, time: '2025-05-20 09:01:07' })
    await screen.settled()
    expect(display.snapshot().lines).toEqual(['Welcome, Ana -', 'IN 09:01'])
    expect(screen.lines).toEqual(['Welcome, Ana —', 'IN 09:01'])
    await vi.advanceTimersByTimeAsync(4000)
    expect(display.snapshot().lines).toEqual(['2025-05-20 09:00', 'Ready'])
    screen.stop()
  })

  it('keeps the state and time of a greeting when the name is long', () => {
    const screen = createScreen(lcd(), { clock, state: () => state })
    screen.showPunch({
      kind: 'accepted',
      name: 'Maximiliana Long',
      status: 1,
      time: '2025-05-20 17:30:00',
    })
    expect(screen.lines).toEqual(['Maximiliana Long', 'OUT 17:30'])
    const oled = createScreen(createSimDisplay({ columns: 21, rows: 8 }), {
      clock,
      state: () => state,
    })
    oled.showPunch({
      kind: 'accepted',
      name: 'Maximiliana Long',
      status: 1,
      time: '2025-05-20 17:30:00',
    })
    expect(oled.lines).toEqual(['Welcome, Maximiliana', 'Long —', 'OUT 17:30'])
  })

  it('says why a punch was refused, and that a punch was a repeat', async () => {
    const oled = createSimDisplay({ kind: 'ssd1306', columns: 21, rows: 8 })
    const screen = createScreen(oled, { clock, state: () => state })
    screen.showPunch({ kind: 'refused', reason: 'unknown', credential: 'card' })
    expect(screen.lines).toEqual(['Refused: unknown card'])
    screen.showPunch({ kind: 'refused', reason: 'expired', credential: 'finger', name: 'Bo' })
    expect(screen.lines).toEqual(['Refused: access', 'expired'])
    screen.showPunch({ kind: 'duplicate', name: 'Bo' })
    expect(screen.lines).toEqual(['Already punched, Bo'])
  })

  it('shows enrolment prompts until the next prompt or null', async () => {
    const screen = createScreen(lcd(), { clock, state: () => state })
    screen.start()
    screen.prompt('Place finger (1/3)')
    expect(screen.lines).toEqual(['Place finger', '(1/3)'])
    await vi.advanceTimersByTimeAsync(30_000)
    expect(screen.lines).toEqual(['Place finger', '(1/3)'])
    screen.prompt(null)
    expect(screen.lines).toEqual(['2025-05-20 09:00', 'Ready'])
    screen.prompt('Lift finger', { timeoutMs: 2000 })
    await vi.advanceTimersByTimeAsync(3000)
    expect(screen.lines[1]).toBe('Ready')
    screen.stop()
  })

  it('shows offline with the punches waiting, and pending approval', async () => {
    const screen = createScreen(lcd(), { clock, state: () => state })
    screen.start()
    state = { connectivity: 'offline', registration: 'registered', waiting: 3 }
    await vi.advanceTimersByTimeAsync(1000)
    expect(screen.lines).toEqual(['2025-05-20 09:00', 'Offline, 3'])
    expect(stateText(state, 21)).toBe('Offline, 3 waiting')
    expect(stateText(state, 30)).toBe('Offline, 3 punches waiting')
    state = { connectivity: 'offline', registration: 'pending', waiting: 0 }
    await vi.advanceTimersByTimeAsync(1000)
    expect(screen.lines).toEqual(['2025-05-20 09:00', 'Pending approval'])
    screen.stop()
  })

  it('reports a failing display once, keeps going, and says when it is back', async () => {
    let broken = true
    const inner = lcd()
    const flaky: Display = {
      ...inner,
      init: async () => {
        if (broken) throw new Error('no HD44780 LCD answers at 0x27')
      },
      show: async (lines) => {
        if (broken) throw new Error('EREMOTEIO')
        await inner.show(lines)
      },
    }
    const errors: unknown[] = []
    let recovered = 0
    const screen = createScreen(flaky, {
      clock,
      state: () => state,
      onError: (e) => errors.push(e),
      onRecovered: () => recovered++,
    })
    screen.start()
    screen.showPunch({ kind: 'duplicate', name: 'Ana' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(errors).toHaveLength(1)
    broken = false
    wall = '2025-05-20 09:05:00'
    await vi.advanceTimersByTimeAsync(1000)
    await screen.settled()
    expect(recovered).toBe(1)
    expect(inner.snapshot().lines).toEqual(['2025-05-20 09:05', 'Ready'])
    screen.stop()
  })
})

describe('wrap', () => {
  it('wraps on words and cuts a word longer than a line', () => {
    expect(wrap('Welcome, Maximiliana — IN 09:01', 16, 2)).toEqual(['Welcome,', 'Maximiliana — IN'])
    expect(wrap('abcdefghijklmnopqrst', 8, 3)).toEqual(['abcdefgh', 'ijklmnop', 'qrst'])
  })
})
