import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testConfig } from '../config/testing/test-config'
import { tempDir } from '../store/testing/temp-dir'
import { preflight } from './preflight'

let dir: ReturnType<typeof tempDir>
afterEach(() => dir.remove())

describe('preflight', () => {
  it('asks nothing of simulated hardware', () => {
    dir = tempDir()
    expect(preflight(testConfig(), { sys: dir.path, dev: dir.path })).toEqual([])
  })

  it('names the missing GPIO class and every missing I2C node, one line each', () => {
    dir = tempDir()
    const config = testConfig({
      hardware: 'linux',
      display: { kind: 'ssd1306', bus: 3, address: 0x3c },
    })
    const paths = { sys: join(dir.path, 'sys'), dev: join(dir.path, 'dev') }
    const missing = preflight(config, paths)
    expect(missing).toHaveLength(3)
    expect(missing[0]).toMatch(/sys\/class\/gpio is missing: this kernel has no sysfs GPIO/)
    expect(missing[1]).toMatch(/dev\/i2c-1 is missing: enable I2C/)
    expect(missing[2]).toMatch(/dev\/i2c-3 is missing/)
    for (const line of missing) expect(line).not.toContain('\n')

    mkdirSync(join(paths.sys, 'class', 'gpio'), { recursive: true })
    mkdirSync(paths.dev)
    writeFileSync(join(paths.dev, 'i2c-1'), '')
    writeFileSync(join(paths.dev, 'i2c-3'), '')
    expect(preflight(config, paths)).toEqual([])
  })
})
