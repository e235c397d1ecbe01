import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { EXIT_CONFIG } from '../config/exit-codes'
import { tempDir } from '../store/testing/temp-dir'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

let dir: ReturnType<typeof tempDir>
afterEach(() => dir?.remove())

/** Runs the entry point as a process, as systemd would, with only the given environment. */
const run = (args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', TERMINAL_SN: 'WBIOTEST01', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the terminal entry point', () => {
  it('prints help and exits 0', () => {
    dir = tempDir()
    const { status, stdout, stderr } = run(['--help'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/^webroster-terminal \d+\.\d+\.\d+: /)
    expect(stdout).toContain('--config <terminal.json>')
    expect(stdout).toContain(`${EXIT_CONFIG} configuration`)
    expect(stderr).toBe('')
  })

  it('explains in one line, without a stack trace, a board without the I2C bus it needs', () => {
    dir = tempDir()
    const config = join(dir.path, 'terminal.json')
    // A bus number no machine has, so the check fails here whatever this machine is.
    writeFileSync(config, JSON.stringify({ i2c: { bus: 250 } }))
    const { status, stderr } = run(['--config', config], {
      HARDWARE: 'linux',
      DATA_DIR: join(dir.path, 'data'),
    })
    expect(status).toBe(EXIT_CONFIG)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^terminal cannot start with HARDWARE=linux: .*\/dev\/i2c-250 is missing: enable I2C/,
    )
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('exits with the configuration status on a bad setting', () => {
    dir = tempDir()
    const { status, stderr } = run([], { HARDWARE: 'arduino', DATA_DIR: dir.path })
    expect(status).toBe(EXIT_CONFIG)
    expect(stderr).toMatch(/invalid terminal configuration:\n {2}- hardware/)
  })
})
