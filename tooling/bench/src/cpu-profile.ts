import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The parts of a V8/JSC `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
  }[]
  samples: number[]
  timeDeltas: number[]
}

export interface HotFunction {
  name: string
  /** Share of all samples in which this function was on top of the stack */
  selfShare: number
}

/** Self-time share per function, largest first; names carry file and line so they can be found. */
export function summarizeProfile(profile: CpuProfile, top = 12): HotFunction[] {
  const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const self = new Map<string, number>()
  for (const id of profile.samples) {
    const frame = frameOf.get(id)
    const file =
      frame?.url
        .replace(/^file:\/\//, '')
        .split('/')
        .slice(-2)
        .join('/') ?? ''
    const name = frame
      ? `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`
      : '(unknown)'
    self.set(name, (self.get(name) ?? 0) + 1)
  }
  const total = profile.samples.length || 1
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, selfShare: n / total }))
}

/** Where a script lives, coarsely: an npm package, a source file of ours, or the runtime. */
export function moduleOf(url: string): string {
  if (!url) return '(runtime, native, idle)'
  // Bun's isolated installs nest packages (node_modules/.bun/x@1/node_modules/x): take the last
  const inPackage = url.split('node_modules/').at(-1) ?? ''
  if (url.includes('node_modules/')) {
    const parts = inPackage.split('/')
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url)
  }
  const path = url.replace(/^file:\/\//, '')
  if (!path.startsWith('/')) return path.split(':')[0] ?? path
  return path.split('/').slice(-3).join('/')
}

/** Self-time share per module (package or file), largest first. */
export function summarizeModules(profile: CpuProfile, top = 8): HotFunction[] {
  const urlOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame.url]))
  const self = new Map<string, number>()
  for (const id of profile.samples) {
    const m = moduleOf(urlOf.get(id) ?? '')
    self.set(m, (self.get(m) ?? 0) + 1)
  }
  const total = profile.samples.length || 1
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, selfShare: n / total }))
}

/** Summary of the newest `.cpuprofile` in `dir`, or undefined when none was written. */
export function summarizeProfileDir(
  dir: string,
  top = 12,
): { functions: HotFunction[]; modules: HotFunction[]; samples: number } | undefined {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  } catch {
    return undefined
  }
  const newest = files.sort().at(-1)
  if (!newest) return undefined
  const profile = JSON.parse(readFileSync(join(dir, newest), 'utf8')) as CpuProfile
  return {
    functions: summarizeProfile(profile, top),
    modules: summarizeModules(profile),
    samples: profile.samples.length,
  }
}
