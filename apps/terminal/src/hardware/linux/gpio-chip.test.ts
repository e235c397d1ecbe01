import { afterEach, describe, expect, it } from 'vitest'
import { createFakeSysfs } from '../testing/fake-sysfs'
import { listGpioChips, pickHeaderChip, resolveGpioNumber } from './gpio-chip'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()))
})

async function sysfs(chips: Parameters<typeof createFakeSysfs>[0]): Promise<string> {
  const fake = await createFakeSysfs(chips)
  cleanups.push(fake.remove)
  return fake.root
}

describe('resolveGpioNumber', () => {
  it('adds the base of the Pi 4 controller on a 6.6 kernel', async () => {
    const root = await sysfs([
      { base: 512, ngpio: 58, label: 'pinctrl-bcm2711' },
      { base: 570, ngpio: 8, label: 'raspberrypi-exp-gpio' },
    ])
    expect(await resolveGpioNumber(17, { sysfsRoot: root })).toBe(529)
  })

  it('keeps the bare number on older kernels where the base is 0', async () => {
    const root = await sysfs([{ base: 0, ngpio: 54, label: 'pinctrl-bcm2835' }])
    expect(await resolveGpioNumber(27, { sysfsRoot: root })).toBe(27)
  })

  it('picks the RP1 controller on a Pi 5, not the SoC-side brcmstb chips', async () => {
    const root = await sysfs([
      { base: 512, ngpio: 32, label: 'gpio-brcmstb@107d508500' },
      { base: 571, ngpio: 54, label: 'pinctrl-rp1' },
    ])
    expect(await resolveGpioNumber(22, { sysfsRoot: root })).toBe(593)
  })

  it('honours an explicit label list', async () => {
    const root = await sysfs([
      { base: 0, ngpio: 54, label: 'pinctrl-bcm2835' },
      { base: 100, ngpio: 16, label: 'mcp23017' },
    ])
    expect(await resolveGpioNumber(3, { sysfsRoot: root, labels: ['mcp23017'] })).toBe(103)
  })

  it('refuses a pin beyond the chip', async () => {
    const root = await sysfs([{ base: 512, ngpio: 58, label: 'pinctrl-bcm2711' }])
    await expect(resolveGpioNumber(58, { sysfsRoot: root })).rejects.toThrow(/outside/)
    await expect(resolveGpioNumber(-1, { sysfsRoot: root })).rejects.toThrow(RangeError)
  })

  it('names the chips it found when none is a header controller', async () => {
    const root = await sysfs([{ base: 496, ngpio: 16, label: 'tca6416' }])
    await expect(resolveGpioNumber(4, { sysfsRoot: root })).rejects.toThrow(
      /gpiochip496\(tca6416, base 496\)/,
    )
  })

  it('fails clearly without sysfs GPIO at all', async () => {
    await expect(resolveGpioNumber(4, { sysfsRoot: '/nonexistent-sysfs' })).rejects.toThrow(
      /ENOENT/,
    )
  })
})

describe('listGpioChips / pickHeaderChip', () => {
  it('reads base, ngpio and label of every chip', async () => {
    const root = await sysfs([{ base: 512, ngpio: 58, label: 'pinctrl-bcm2711' }])
    expect(await listGpioChips(root)).toEqual([
      { name: 'gpiochip512', base: 512, ngpio: 58, label: 'pinctrl-bcm2711' },
    ])
  })

  it('prefers labels in list order, whatever the directory order', () => {
    const chips = [
      { name: 'gpiochip0', base: 0, ngpio: 54, label: 'pinctrl-bcm2835' },
      { name: 'gpiochip9', base: 9, ngpio: 54, label: 'pinctrl-rp1' },
    ]
    expect(pickHeaderChip(chips).label).toBe('pinctrl-rp1')
  })
})
