import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../store/testing/temp-dir'
import { createFileLog } from './file-log'

let dir: ReturnType<typeof tempDir>
let path: string

beforeEach(() => {
  dir = tempDir('webroster-file-log-')
  path = join(dir.path, 'terminal.log')
})
afterEach(() => dir.remove())

const text = (p: string) => readFileSync(p, 'utf8')

describe('file log', () => {
  it('appends lines and rotates by size, keeping a fixed number of old files', () => {
    const log = createFileLog({ path, maxBytes: 10, keep: 2 })
    for (const line of ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee', 'ffff', 'gggg']) log.write(line)
    log.close()
    expect(text(path)).toBe('gggg\n')
    expect(text(`${path}.1`)).toBe('eeee\nffff\n')
    expect(text(`${path}.2`)).toBe('cccc\ndddd\n')
    expect(existsSync(`${path}.3`)).toBe(false)
  })

  it('trims only what was read, keeping lines written since', async () => {
    const log = createFileLog({ path })
    log.write('one')
    const read = await log.source.read()
    log.write('two')
    await log.source.cut(read?.length ?? 0)
    log.write('three')
    log.close()
    expect(text(path)).toBe('two\nthree\n')
    expect(log.source.name).toBe('terminal')
  })

  it('trims the rotated file when a rotation came between the read and the trim', async () => {
    const log = createFileLog({ path, maxBytes: 8, keep: 3 })
    log.write('one')
    const read = await log.source.read()
    log.write('two')
    log.write('three')
    await log.source.cut(read?.length ?? 0)
    log.close()
    expect(text(`${path}.1`)).toBe('two\n')
    expect(text(path)).toBe('three\n')
  })

  it('never throws when the file cannot be written, and says so once', async () => {
    const errors: unknown[] = []
    const log = createFileLog({
      path: join(dir.path, 'missing', 'terminal.log'),
      onError: (e) => errors.push(e),
    })
    log.write('one')
    log.write('two')
    expect(errors).toHaveLength(1)
    expect(await log.source.read()).toBeUndefined()
  })
})
