import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** The repository root: the tree-shape rules read source files from here. */
export const REPO = resolve(import.meta.dirname, '..', '..', '..')

/** Every `.ts` file under `dir` (tests included), node_modules and build output left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(
      (f) => f.endsWith('.ts') && !f.split(sep).some((p) => p === 'node_modules' || p === 'dist'),
    )
    .map((f) => join(dir, f))
}

/** Relative imports of `file` (static, re-exports and dynamic), resolved to paths without extension. */
export function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)'(\.{1,2}\/[^']*)'/g)]
  return specs.map((m) => resolve(dirname(file), m[1] ?? '').replace(/\.ts$/, ''))
}

/**
 * The top-level folder of `file` under `root`; a file directly in `root` is a node of its own (the composition
 * root and small shared files sit there side by side), named without `.ts`.
 * @example folderOf('/r/src', '/r/src/api/people.ts') // 'api'
 */
export function folderOf(root: string, file: string): string {
  const parts = relative(root, file).split(sep)
  return parts.length > 1 ? (parts[0] ?? '') : (parts[0] ?? '').replace(/\.ts$/, '')
}

/** Folder → the folders its files import, for the source files under `root`. */
export function folderGraph(root: string, files = sourceFiles(root)): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const file of files) {
    const from = folderOf(root, file)
    for (const target of relativeImports(file)) {
      if (!target.startsWith(root + sep)) continue
      const to = folderOf(root, `${target}.ts`)
      if (to === from) continue
      const targets = graph.get(from) ?? new Set<string>()
      targets.add(to)
      graph.set(from, targets)
    }
  }
  return graph
}

/** Every group of folders that reach each other through imports (strongly connected, two or more), sorted. */
export function folderCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (v: string): void => {
    const at = next++
    index.set(v, at)
    low.set(v, at)
    stack.push(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) ?? at, low.get(w) ?? at))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? at, index.get(w) ?? at))
    }
    if (low.get(v) !== at) return
    const group: string[] = []
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) group.push(w)
    if (group.length > 1) cycles.push(group.sort())
  }
  const nodes = new Set([
    ...graph.keys(),
    ...[...graph.values()].flatMap((targets) => [...targets]),
  ])
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v)
  return cycles
}
