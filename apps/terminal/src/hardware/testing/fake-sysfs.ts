import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GpioChip } from '../linux/gpio-chip'

/** Builds a throwaway `/sys` tree holding the given GPIO chips; returns its root and a cleanup. */
export async function createFakeSysfs(
  chips: readonly Omit<GpioChip, 'name'>[],
): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'webroster-sysfs-'))
  const gpio = join(root, 'class', 'gpio')
  await mkdir(gpio, { recursive: true })
  // export/unexport exist on a real tree; their presence keeps the fake honest for listing.
  await writeFile(join(gpio, 'export'), '')
  await writeFile(join(gpio, 'unexport'), '')
  for (const chip of chips) {
    const dir = join(gpio, `gpiochip${chip.base}`)
    await mkdir(dir)
    await writeFile(join(dir, 'base'), `${chip.base}\n`)
    await writeFile(join(dir, 'ngpio'), `${chip.ngpio}\n`)
    await writeFile(join(dir, 'label'), `${chip.label}\n`)
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}
