import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import type { Timer } from '../../core/timer'
import { EmulatedPn532 } from '../testing/emulated-pn532'
import { createPn532 } from './pn532'
import { createPn532Sensor } from './pn532-sensor'

function manualTimer() {
  let now = 0
  const timer: Timer = {
    now: () => now,
    setTimeout: () => {
      throw new Error('the sensor tests never sleep')
    },
    clearTimeout: () => {},
  }
  return { timer, advance: (ms: number) => (now += ms) }
}

function setup() {
  const chip = new EmulatedPn532()
  const clock = manualTimer()
  const statuses: boolean[] = []
  let closed = 0
  const sensor = createPn532Sensor(createPn532(chip, { timer: clock.timer }), {
    timer: clock.timer,
    backoff: { initialMs: 100, maxMs: 400 },
    onStatus: (online) => statuses.push(online),
    onClose: async () => {
      closed += 1
    },
  })
  return { chip, clock, sensor, statuses, closed: () => closed }
}

describe('createPn532Sensor', () => {
  it('probes and configures the reader, then reports a card once per presentation', async () => {
    const { chip, sensor } = setup()
    await sensor.probe()
    expect(sensor.online).toBe(true)
    expect(chip.samConfigured).toBe(true)
    expect(chip.passiveRetries).toBe(1)
    expect(await sensor.poll()).toBeNull()
    chip.card = Buffer.from('15cd5b07', 'hex')
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })
    expect(await sensor.poll()).toBeNull() // still held on the reader
    chip.card = null
    expect(await sensor.poll()).toBeNull()
    chip.card = Buffer.from('15cd5b07', 'hex')
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })
  })

  it('reports a different card swapped in without a gap', async () => {
    const { chip, sensor } = setup()
    await sensor.probe()
    chip.card = Buffer.from('01020304', 'hex')
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '01020304' })
    chip.card = Buffer.from('04a1b2c3d4e580', 'hex')
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '04A1B2C3D4E580' })
  })

  it('fails the probe clearly when the chip is missing', async () => {
    const { chip, sensor } = setup()
    chip.unplug('ENOENT')
    await expect(sensor.probe()).rejects.toThrow(/PN532 card reader not found.*ENOENT/)
    await expect(sensor.probe()).rejects.toMatchObject({ cause: { code: 'ENOENT' } })
    expect(sensor.online).toBe(false)
  })

  it('keeps polling through an unplug and recovers with backoff after replug', async () => {
    const { chip, clock, sensor, statuses } = setup()
    await sensor.probe()
    chip.unplug('EREMOTEIO')
    expect(await sensor.poll()).toBeNull()
    expect(sensor.online).toBe(false)

    // Within the backoff nothing touches the bus; failed re-probes double the delay to the cap.
    for (const wait of [100, 200, 400]) {
      const before = chip.transfers
      clock.advance(wait - 1)
      expect(await sensor.poll()).toBeNull()
      expect(chip.transfers).toBe(before)
      clock.advance(1)
      expect(await sensor.poll()).toBeNull()
      expect(chip.transfers).toBe(before + 1)
    }
    clock.advance(399)
    chip.replug()
    chip.card = Buffer.from('0a0b0c0d', 'hex')
    expect(await sensor.poll()).toBeNull()
    clock.advance(1)
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '0A0B0C0D' })
    expect(sensor.online).toBe(true)
    expect(chip.samConfigured).toBe(true)
    expect(statuses).toEqual([true, false, true])

    // A later fault starts again from the initial delay.
    chip.unplug()
    expect(await sensor.poll()).toBeNull()
    chip.replug()
    clock.advance(100)
    chip.card = null
    expect(await sensor.poll()).toBeNull()
    expect(sensor.online).toBe(true)
  })

  it('goes offline on a garbled exchange and re-probes', async () => {
    const { chip, clock, sensor } = setup()
    await sensor.probe()
    chip.corruptResponses = 2
    expect(await sensor.poll()).toBeNull()
    expect(sensor.online).toBe(false)
    clock.advance(100)
    chip.card = Buffer.from('01020304', 'hex')
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '01020304' })
  })

  it('releases the bus once on close and refuses to poll afterwards', async () => {
    const { sensor, closed } = setup()
    await sensor.close()
    await sensor.close()
    expect(closed()).toBe(1)
    await expect(sensor.poll()).rejects.toThrow(/after close/)
  })
})
