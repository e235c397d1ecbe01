import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc times; 100 on every Linux this runs on (`getconf CLK_TCK`). */
export const CLOCK_TICKS = 100

/** Resident set size of a process in bytes, or undefined once it is gone. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

/** CPU seconds (user + system) a process has used so far, or 0 once it is gone. */
export function readCpuSeconds(pid: number): number {
  try {
    return cpuSecondsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return 0
  }
}

/** utime + stime of a /proc/<pid>/stat line, in seconds. */
export function cpuSecondsOfStat(stat: string): number {
  // the command name may contain spaces and parentheses: fields are counted after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) / CLOCK_TICKS
}

/**
 * CPU seconds of every process whose command name is `comm` (e.g. each Postgres backend) and whose
 * command line passes `keep`, by pid.
 */
export function cpuSecondsByComm(
  comm: string,
  keep: (cmdline: string) => boolean = () => true,
): Map<number, number> {
  const out = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue
      if (!keep(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) continue
      out.set(Number(entry), cpuSecondsOfStat(stat))
    } catch {
      // the process ended while we looked
    }
  }
  return out
}

/**
 * Keeps the Postgres processes that work for `database`: its backends (their title names the
 * database) and the shared writers that flush every commit; other databases' backends are not ours.
 */
export function postgresProcessOf(database: string): (cmdline: string) => boolean {
  return (cmdline) =>
    cmdline.includes(` ${database} `) ||
    /: (walwriter|checkpointer|background writer|autovacuum launcher)/.test(cmdline)
}

/** CPU seconds the processes in `after` used since `before` (a new process counts from zero). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0)
  return total
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function readMachineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  const total = v.reduce((a, b) => a + b, 0)
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS }
}

/** Samples a process's RSS every `everyMs` and keeps the peak. */
export class RssSampler {
  peak = 0
  last = 0
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): this {
    this.sample()
    this.timer = setInterval(() => this.sample(), this.everyMs)
    return this
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer)
    this.sample()
    return this.peak
  }

  private sample(): void {
    const rss = readRss(this.pid)
    if (rss === undefined) return
    this.last = rss
    if (rss > this.peak) this.peak = rss
  }
}
