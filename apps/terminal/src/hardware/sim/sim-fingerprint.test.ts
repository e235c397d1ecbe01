import { describe, expect, it } from 'vitest'
import type { EnrolPrompt } from '../ports'
import { createSimFingerprint } from './sim-fingerprint'
import { createSimHardware } from './sim-hardware'

describe('createSimFingerprint', () => {
  it('enrols a finger that comes and goes when asked, then matches it once per placement', async () => {
    const fp = createSimFingerprint({ lookMs: 1 })
    const prompts: EnrolPrompt[] = []
    const result = await fp.enrol({
      slot: 2,
      captures: 2,
      stepTimeoutMs: 500,
      onPrompt: (prompt) => {
        prompts.push(prompt)
        fp.place(prompt === 'lift' ? null : 'ana')
      },
    })
    expect(result).toMatchObject({ outcome: 'enrolled' })
    expect(prompts).toEqual(['place', 'lift', 'place-again'])
    expect(fp.snapshot()).toEqual({ finger: 'ana', prompt: null, slots: 1 })
    expect(await fp.identify()).toBeNull()
    fp.place(null)
    expect(await fp.identify()).toBeNull()
    fp.place('ana')
    expect(await fp.identify()).toEqual({ slot: 2 })
    expect(await fp.identify()).toBeNull()
  })

  it('installs a template made elsewhere, finds duplicates, times out without a finger', async () => {
    const a = createSimFingerprint({ lookMs: 1 })
    const enrolled = await a.enrol({
      slot: 0,
      captures: 2,
      stepTimeoutMs: 500,
      onPrompt: (p) => a.place(p === 'lift' ? null : 'bo'),
    })
    const b = createSimFingerprint()
    if (enrolled.outcome !== 'enrolled') throw new Error(enrolled.outcome)
    await b.install(7, enrolled.template)
    b.place('bo')
    expect(await b.identify()).toEqual({ slot: 7 })
    expect(
      await b.enrol({ slot: 8, captures: 2, stepTimeoutMs: 50, onPrompt: () => b.place('bo') }),
    ).toEqual({ outcome: 'duplicate', slot: 7 })
    b.place(null)
    expect(await b.enrol({ slot: 8, captures: 2, stepTimeoutMs: 30 })).toEqual({
      outcome: 'timeout',
    })
    await b.remove(7)
    expect(await b.count()).toBe(0)
  })

  it('is polled through the simulated sensor when the hardware has one', async () => {
    const hw = createSimHardware({ fingerprint: true })
    await hw.fingerprint?.install(3, new TextEncoder().encode('WEBROSTER-SIM-FINGER cy\n'))
    hw.fingerprint?.place('cy')
    expect(await hw.sensor.poll()).toEqual({ kind: 'finger-slot', slot: 3 })
    expect(hw.snapshot().fingerprint).toMatchObject({ finger: 'cy', slots: 1 })
    expect(createSimHardware().snapshot().fingerprint).toBeNull()
    await hw.close()
  })
})
