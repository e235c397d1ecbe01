import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from './store'
import { tempDir } from './testing/temp-dir'
import type { PunchInput } from './types'

let dir: ReturnType<typeof tempDir>
let path: string
let store: Store

const punch = (pin: string, time: string, status = 0): PunchInput => ({
  pin,
  time,
  status,
  verify: 4,
})

beforeEach(() => {
  dir = tempDir()
  path = join(dir.path, 'terminal.db')
  store = openStore(path)
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('punches', () => {
  it('hands out unsent punches oldest first and marks exactly the given ids', () => {
    const ids = store.addPunches(
      [1, 2, 3, 4].map((n) => punch(String(n), `2025-01-01 08:0${n}:00`)),
    )
    expect(store.unsentPunches(2).map((p) => p.id)).toEqual(ids.slice(0, 2))
    expect(store.markPunchesSent([ids[0] ?? 0, ids[2] ?? 0], 'b1')).toBe(2)
    expect(store.markPunchesSent([ids[0] ?? 0])).toBe(0)
    expect(store.unsentPunches(10).map((p) => p.pin)).toEqual(['2', '4'])
    expect(store.countUnsentPunches()).toBe(2)
    expect(store.countPunches()).toBe(4)
  })

  it('keeps the workcode and defaults it to 0', () => {
    store.addPunch({ ...punch('1', '2025-01-01 08:00:00'), workcode: '7' })
    store.addPunch(punch('2', '2025-01-01 08:00:00'))
    expect(store.unsentPunches(5).map((p) => p.workcode)).toEqual(['7', '0'])
  })

  it('finds the last punch of a device-local day', () => {
    store.addPunches([
      punch('1', '2025-01-01 23:59:59', 1),
      punch('1', '2025-01-02 08:00:00', 0),
      punch('1', '2025-01-02 17:00:00', 1),
      punch('2', '2025-01-02 18:00:00', 0),
    ])
    expect(store.lastPunchOfDay('1', '2025-01-02')?.time).toBe('2025-01-02 17:00:00')
    expect(store.lastPunchOfDay('1', '2025-01-03')).toBeUndefined()
  })

  it('lists the punches of an inclusive wall-clock range in time order, sent or not', () => {
    const [early, , onStart, inside, onEnd] = store.addPunches([
      punch('1', '2025-05-19 23:59:59'),
      punch('2', '2025-05-20 08:00:00'),
      punch('3', '2025-05-20 08:00:00'),
      punch('1', '2025-05-20 12:30:00'),
      punch('2', '2025-05-20 17:00:00'),
      punch('3', '2025-05-20 17:00:01'),
    ])
    store.markPunchesSent([inside ?? 0])
    const got = store.punchesBetween('2025-05-20 08:00:00', '2025-05-20 17:00:00')
    expect(got.map((p) => [p.pin, p.time])).toEqual([
      ['2', '2025-05-20 08:00:00'],
      ['3', '2025-05-20 08:00:00'],
      ['1', '2025-05-20 12:30:00'],
      ['2', '2025-05-20 17:00:00'],
    ])
    expect(got.find((p) => p.id === inside)?.sentAt).not.toBeNull()
    expect(got.map((p) => p.id)).not.toContain(early)
    expect(got.map((p) => p.id)).toContain(onStart)
    expect(got.map((p) => p.id)).toContain(onEnd)
    expect(store.punchesBetween('2025-05-21 00:00:00', '2025-05-21 23:59:59')).toEqual([])
  })

  it('clears the log', () => {
    store.addPunches([punch('1', '2025-01-01 08:00:00'), punch('2', '2025-01-01 08:00:00')])
    expect(store.clearPunches()).toBe(2)
    expect(store.countPunches()).toBe(0)
  })
})

describe('crash safety', () => {
  it('keeps punches unsent across a close without marking', () => {
    const ids = store.addPunches([
      punch('1', '2025-01-01 08:00:00'),
      punch('2', '2025-01-01 08:01:00'),
    ])
    store.close()
    store = openStore(path)
    expect(store.unsentPunches(10).map((p) => p.id)).toEqual(ids)
  })

  it('keeps every committed punch when the writer is SIGKILLed mid-insert', async () => {
    store.close()
    const script = fileURLToPath(new URL('./testing/punch-writer.ts', import.meta.url))
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'pipe'] })
    const reported: number[] = []
    let buffered = ''
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject)
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve()
        else reject(new Error(`writer exited early (${code}): ${child.stderr.read() ?? ''}`))
      })
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) reported.push(Number(line))
        if (reported.length >= 200 && !child.killed) child.kill('SIGKILL')
      })
    })
    store = openStore(path)
    const stored = new Set(store.unsentPunches(1_000_000).map((p) => p.id))
    expect(reported.length).toBeGreaterThanOrEqual(200)
    expect(reported.filter((id) => !stored.has(id))).toEqual([])
    // Whatever the writer committed but never got to report is intact too: ids are dense.
    expect(Math.max(...stored)).toBe(stored.size)
  })
})
