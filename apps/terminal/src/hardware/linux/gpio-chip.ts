import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One GPIO controller as sysfs describes it. */
export type GpioChip = { name: string; base: number; ngpio: number; label: string }

/**
 * Labels of the SoC pin controllers whose lines are the header's BCM numbers, in order of
 * preference: Pi 5 (RP1), Pi 4 (BCM2711), Pi 3 / Zero (BCM2835). Other chips (firmware expander,
 * brcmstb) also appear under /sys/class/gpio and must not be picked.
 */
const HEADER_CHIP_LABELS: readonly string[] = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835']

/** Lists the GPIO chips under `<sysfsRoot>/class/gpio`. */
export async function listGpioChips(sysfsRoot = '/sys'): Promise<GpioChip[]> {
  const dir = join(sysfsRoot, 'class', 'gpio')
  const names = (await readdir(dir)).filter((n) => n.startsWith('gpiochip')).sort()
  return Promise.all(
    names.map(async (name) => {
      const read = async (file: string) => (await readFile(join(dir, name, file), 'utf8')).trim()
      const [base, ngpio, label] = await Promise.all([read('base'), read('ngpio'), read('label')])
      return { name, base: Number(base), ngpio: Number(ngpio), label }
    }),
  )
}

/** Picks the header's pin controller among `chips`, or throws naming what was found. */
export function pickHeaderChip(
  chips: readonly GpioChip[],
  labels: readonly string[] = HEADER_CHIP_LABELS,
): GpioChip {
  for (const label of labels) {
    const chip = chips.find((c) => c.label === label)
    if (chip) return chip
  }
  const found = chips.map((c) => `${c.name}(${c.label}, base ${c.base})`).join(', ') || 'none'
  throw new Error(`no GPIO chip labelled ${labels.join(' / ')} in sysfs; found: ${found}`)
}

/**
 * Maps a BCM pin number to the sysfs GPIO number. Kernels ≥ 6.6 give the SoC chip a non-zero
 * base (512 on a Pi 4, 571 on a Pi 5), so exporting the bare BCM number fails with EINVAL.
 * @example await resolveGpioNumber(17) // 529 on a Pi 4 with kernel 6.6
 */
export async function resolveGpioNumber(
  bcm: number,
  options: { sysfsRoot?: string; labels?: readonly string[] } = {},
): Promise<number> {
  const chip = pickHeaderChip(await listGpioChips(options.sysfsRoot), options.labels)
  return gpioNumberOn(chip, bcm)
}

/** Sysfs number of line `bcm` of `chip`, checked against the chip's size. */
export function gpioNumberOn(chip: GpioChip, bcm: number): number {
  if (!Number.isInteger(bcm) || bcm < 0 || bcm >= chip.ngpio) {
    throw new RangeError(`BCM pin ${bcm} is outside ${chip.label} (0..${chip.ngpio - 1})`)
  }
  return chip.base + bcm
}
