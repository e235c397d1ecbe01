import { describe, expect, it } from 'vitest'
import { createSimSensor } from './sim-sensor'

describe('createSimSensor', () => {
  it('delivers presented credentials in order, then null', async () => {
    const sensor = createSimSensor()
    await sensor.probe()
    sensor.present({ kind: 'card', card: '15CD5B07' })
    sensor.present({ kind: 'finger', pin: '1001' })
    expect(sensor.pending).toBe(2)
    expect(await sensor.poll()).toEqual({ kind: 'card', card: '15CD5B07' })
    expect(await sensor.poll()).toEqual({ kind: 'finger', pin: '1001' })
    expect(await sensor.poll()).toBeNull()
  })

  it('drops the oldest presentation when flooded', async () => {
    const sensor = createSimSensor({ queueLimit: 2 })
    for (const pin of ['1', '2', '3']) sensor.present({ kind: 'finger', pin })
    expect(await sensor.poll()).toEqual({ kind: 'finger', pin: '2' })
  })

  it('simulates a missing chip until healed', async () => {
    const sensor = createSimSensor()
    sensor.present({ kind: 'card', card: 'AA' })
    sensor.setFault('unplugged')
    await expect(sensor.probe()).rejects.toThrow(/not answering: unplugged/)
    expect(await sensor.poll()).toBeNull()
    sensor.setFault(null)
    await sensor.probe()
    expect(await sensor.poll()).toEqual({ kind: 'card', card: 'AA' })
  })
})
