import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The folders as layers, lowest first: a folder imports only folders of earlier rows. Config is
 * plain start-up data below everything; the entry point (main.ts) sits above the last row.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['config'],
  ['core'],
  ['hardware', 'store'],
  ['clock', 'feedback'],
  ['punch'],
  ['commands'],
  ['sync'],
  ['runtime'],
  ['sim-control'],
]

/** Narrower than its row allows: the hardware is drivers over ports and depends on core alone. */
const ONLY: Readonly<Record<string, readonly string[]>> = { hardware: ['core'] }

const SRC = import.meta.dirname
const ROOT = '(entry point)'

const rank = (folder: string): number =>
  folder === ROOT ? LAYERS.length : LAYERS.findIndex((row) => row.includes(folder))

const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split(sep)
  return parts.length > 1 ? (parts[0] ?? ROOT) : ROOT
}

const mayImport = (from: string, to: string): boolean =>
  from === to || (ONLY[from]?.includes(to) ?? rank(to) < rank(from))

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SRC, f))
}

/** Relative imports of `file` (static, re-exports and dynamic), resolved to paths under src. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)'(\.{1,2}\/[^']*)'/g)]
  return specs.map((m) => resolve(dirname(file), m[1] ?? '')).filter((t) => t.startsWith(SRC + sep))
}

describe('layers', () => {
  const files = sourceFiles()

  it('places every folder in a layer', () => {
    const folders = new Set(files.map(folderOf))
    const unplaced = [...folders].filter((f) => rank(f) < 0)
    expect(unplaced).toEqual([])
  })

  it('lets a folder import only the layers below it (tests included)', () => {
    const offences = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !mayImport(folderOf(file), folderOf(target)))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    )
    expect(offences).toEqual([])
  })

  it('keeps test helpers out of the shipped code', () => {
    const shipped = files.filter(
      (f) => !f.endsWith('.test.ts') && !f.includes(`${sep}testing${sep}`),
    )
    const offences = shipped.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.includes(`${sep}testing${sep}`))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    )
    expect(offences).toEqual([])
  })

  it('reads the imports it checks', () => {
    const terminal = join(SRC, 'runtime', 'terminal.ts')
    expect(importsOf(terminal)).toContain(join(SRC, 'core', 'supervisor'))
    expect(mayImport('sync', 'commands')).toBe(true)
    expect(mayImport('commands', 'sync')).toBe(false)
    expect(mayImport('hardware', 'store')).toBe(false)
  })
})
