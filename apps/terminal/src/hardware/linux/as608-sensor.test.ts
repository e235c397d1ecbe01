import { describe, expect, it } from 'vitest'
import type { EnrolPrompt, EnrolRequest } from '../ports'
import { EmulatedAs608 } from '../testing/emulated-as608'
import { createAs608 } from './as608'
import { createAs608Sensor } from './as608-sensor'

function setup(device = new EmulatedAs608()) {
  const statuses: boolean[] = []
  let opened = 0
  let closed = 0
  const sensor = createAs608Sensor({
    open: async () => {
      opened += 1
      return {
        as608: createAs608(device, { timeoutMs: 40 }),
        close: async () => {
          closed += 1
        },
      }
    },
    backoff: { initialMs: 10, maxMs: 40 },
    imagePollMs: 1,
    onStatus: (online) => statuses.push(online),
  })
  return { device, sensor, statuses, opened: () => opened, closed: () => closed }
}

/** An enrolment where the person does what each prompt asks, with `finger` (or fingers per capture). */
function person(device: EmulatedAs608, fingers: string[]) {
  const prompts: EnrolPrompt[] = []
  const onPrompt = (prompt: EnrolPrompt, capture: number) => {
    prompts.push(prompt)
    device.finger = prompt === 'lift' ? null : { id: fingers[capture - 1] ?? fingers[0] ?? '' }
  }
  return { prompts, onPrompt }
}

const request = (slot: number, extra: Partial<EnrolRequest> = {}): EnrolRequest => ({
  slot,
  captures: 2,
  stepTimeoutMs: 200,
  ...extra,
})

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createAs608Sensor', () => {
  it('probes: password, system parameters, ring LED', async () => {
    const { sensor, device, statuses } = setup(new EmulatedAs608({ capacity: 1000 }))
    await sensor.probe()
    expect(sensor).toMatchObject({ online: true, capacity: 1000, ringLed: false, format: 'as608' })
    expect(statuses).toEqual([true])
    expect(device.hostPackets[0]).toBe('EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B')
  })

  it('fails the probe with a clear message for a wrong password', async () => {
    const { sensor } = setup(new EmulatedAs608({ password: 7 }))
    await expect(sensor.probe()).rejects.toThrow(/not answering: .*refused the password/)
    expect(sensor.online).toBe(false)
  })

  it('enrols with two captures, guiding the person, and returns the template', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    const { prompts, onPrompt } = person(device, ['alice'])
    const result = await sensor.enrol(request(4, { onPrompt }))
    expect(result).toEqual({ outcome: 'enrolled', template: EmulatedAs608.templateOf('alice') })
    expect(prompts).toEqual(['place', 'lift', 'place-again'])
    expect([...device.library.keys()]).toEqual([4])
  })

  it('enrols with three captures, and refuses a third image of another finger', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    const same = person(device, ['bob'])
    expect(await sensor.enrol(request(1, { captures: 3, onPrompt: same.onPrompt }))).toMatchObject({
      outcome: 'enrolled',
    })
    expect(same.prompts).toEqual(['place', 'lift', 'place-again', 'lift', 'place-again'])
    const mixed = person(device, ['carol', 'carol', 'dave'])
    expect(await sensor.enrol(request(2, { captures: 3, onPrompt: mixed.onPrompt }))).toEqual({
      outcome: 'poor-quality',
    })
    expect(device.library.has(2)).toBe(false)
  })

  it('answers timeout when no finger comes, and cancelled when aborted', async () => {
    const { sensor } = setup()
    await sensor.probe()
    expect(await sensor.enrol(request(0, { stepTimeoutMs: 20 }))).toEqual({ outcome: 'timeout' })
    const abort = new AbortController()
    abort.abort()
    expect(await sensor.enrol(request(0, { signal: abort.signal }))).toEqual({
      outcome: 'cancelled',
    })
  })

  it('refuses a finger already in the library at another slot, and a poor image', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    await sensor.enrol(request(3, person(device, ['erin'])))
    expect(await sensor.enrol(request(8, person(device, ['erin'])))).toEqual({
      outcome: 'duplicate',
      slot: 3,
    })
    const poor = (prompt: EnrolPrompt) => {
      device.finger = prompt === 'lift' ? null : { id: 'frank', quality: 'poor' }
    }
    expect(await sensor.enrol(request(9, { onPrompt: poor }))).toEqual({ outcome: 'poor-quality' })
  })

  it('identifies a finger once per placement, and an unknown finger as slot null', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    await sensor.enrol(request(6, person(device, ['gina'])))
    expect(await sensor.identify()).toBeNull() // still resting there after enrolment
    device.finger = null
    expect(await sensor.identify()).toBeNull()
    device.finger = { id: 'gina' }
    expect(await sensor.identify()).toEqual({ slot: 6 })
    expect(await sensor.identify()).toBeNull()
    device.finger = null
    await sensor.identify()
    device.finger = { id: 'stranger' }
    expect(await sensor.identify()).toEqual({ slot: null })
  })

  it('installs a template from another sensor, removes it, counts and clears', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    await sensor.install(11, EmulatedAs608.templateOf('hank'))
    await sensor.install(12, EmulatedAs608.templateOf('ida'))
    expect(await sensor.count()).toBe(2)
    device.finger = { id: 'hank' }
    expect(await sensor.identify()).toEqual({ slot: 11 })
    await sensor.remove(11)
    expect([...device.library.keys()]).toEqual([12])
    await sensor.clear()
    expect(await sensor.count()).toBe(0)
  })

  it('goes offline when the sensor stops answering and comes back on its own', async () => {
    const { sensor, device, statuses, opened, closed } = setup()
    await sensor.probe()
    device.silent = true
    expect(await sensor.identify()).toBeNull()
    expect(sensor.online).toBe(false)
    expect(closed()).toBe(1)
    // Within the backoff nothing is sent.
    const sent = device.hostPackets.length
    expect(await sensor.identify()).toBeNull()
    expect(device.hostPackets.length).toBe(sent)
    device.silent = false
    await wait(15)
    expect(await sensor.identify()).toBeNull()
    expect(sensor.online).toBe(true)
    expect(statuses).toEqual([true, false, true])
    expect(opened()).toBe(2)
  })

  it('survives an unplugged adapter: operations reject, identify keeps returning null', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    device.unplug()
    await expect(sensor.count()).rejects.toMatchObject({ code: 'EIO' })
    expect(sensor.online).toBe(false)
    expect(await sensor.identify()).toBeNull()
    device.replug()
    await wait(15)
    await sensor.probe()
    expect(await sensor.count()).toBe(0)
  })

  it('stays online when the sensor refuses a command it understood', async () => {
    const { sensor } = setup(new EmulatedAs608({ capacity: 10 }))
    await sensor.probe()
    await expect(sensor.install(10, EmulatedAs608.templateOf('x'))).rejects.toMatchObject({
      code: 0x0b,
    })
    expect(sensor.online).toBe(true)
  })

  it('breathes the R503 ring LED purple while waiting for the finger', async () => {
    const { sensor, device } = setup(new EmulatedAs608({ ringLed: true }))
    await sensor.probe()
    expect(sensor.ringLed).toBe(true)
    await sensor.enrol(request(0, person(device, ['jo'])))
    expect(device.ledLog.map((l) => [l.mode, l.colour])).toEqual([
      [1, 2],
      [1, 3],
      [3, 2],
      [1, 3],
      [1, 2],
    ])
  })

  it('lets identify give way while an enrolment runs', async () => {
    const { sensor, device } = setup()
    await sensor.probe()
    const enrolment = sensor.enrol(request(0, { stepTimeoutMs: 30 }))
    await wait(1)
    device.finger = { id: 'kim' }
    expect(await sensor.identify()).toBeNull()
    await enrolment
  })
})
