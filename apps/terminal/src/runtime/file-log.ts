import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { basename } from 'node:path'
import type { LogSource } from '../sync/log-upload'

export interface FileLogOptions {
  /** The live log, e.g. `<dataDir>/terminal.log`; older parts go to `.1` … `.<keep>`. */
  path: string
  /** The live file is rotated once it reaches this size. */
  maxBytes?: number
  /** Rotated files kept besides the live one. */
  keep?: number
  /** Told once when the file cannot be written (the terminal keeps running without it). */
  onError?: (error: unknown) => void
}

/** An append-only log file, rotated by size, that the daily log upload reads and trims. */
export interface FileLog {
  /** Appends one line (a newline is added). Never throws. */
  write(line: string): void
  /** The live file as the log upload sees it; trims only what the server accepted. */
  readonly source: LogSource
  close(): void
}

/**
 * Opens (creating) a size-rotated log file. Writes are synchronous so a line is on disk before a
 * crash can lose it, and so trimming after an upload cannot interleave with an append.
 * @example const log = createFileLog({ path: 'data/terminal.log' }); log.write('{"msg":"hi"}')
 */
export function createFileLog(options: FileLogOptions): FileLog {
  const { path } = options
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const keep = options.keep ?? 5
  let fd: number | undefined
  let size = 0
  // Counts rotations, so an upload that read the live file before one trims the right file.
  let generation = 0
  let failed = false
  let readAt: number | undefined

  const fail = (error: unknown) => {
    if (!failed) options.onError?.(error)
    failed = true
  }
  const open = () => {
    fd = openSync(path, 'a')
    size = fstatSync(fd).size
  }
  const rotated = (n: number) => `${path}.${n}`
  const rotate = () => {
    if (fd !== undefined) closeSync(fd)
    fd = undefined
    for (let n = keep - 1; n >= 1; n--) {
      if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1))
    }
    if (keep > 0) renameSync(path, rotated(1))
    else writeFileSync(path, '')
    generation++
    open()
  }

  return {
    write(line) {
      try {
        if (fd === undefined) open()
        if (size >= maxBytes) rotate()
        const bytes = Buffer.from(`${line}\n`)
        size += writeSync(fd ?? -1, bytes)
      } catch (error) {
        fail(error)
      }
    },
    source: {
      name: basename(path).replace(/\.log$/, ''),
      async read() {
        readAt = generation
        try {
          return readFileSync(path)
        } catch {
          return undefined
        }
      },
      async cut(bytes) {
        // What was uploaded is the head of the live file, or of the file it was rotated into.
        const moved = generation - (readAt ?? generation)
        const target = moved === 0 ? path : rotated(moved)
        if (moved > keep || !existsSync(target)) return
        writeFileSync(target, readFileSync(target).subarray(bytes))
        if (moved === 0 && fd !== undefined) size = fstatSync(fd).size
      },
    },
    close() {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}
