import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  folderCycles,
  folderGraph,
  folderOf,
  REPO,
  relativeImports,
  sourceFiles,
} from './source-imports'

const TERMINAL = join(REPO, 'apps', 'terminal', 'src')
const SERVER = join(REPO, 'apps', 'server', 'src')

const shipped = (file: string): boolean =>
  !file.endsWith('.test.ts') && !file.includes(`${sep}testing${sep}`)

/**
 * The terminal's folders as layers, lowest first: a folder imports only folders of earlier rows. Config is
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
  ['main'],
]

/** Narrower than its row allows: the hardware is drivers over ports and depends on core alone. */
const ONLY: Readonly<Record<string, readonly string[]>> = { hardware: ['core'] }

const rank = (folder: string): number => LAYERS.findIndex((row) => row.includes(folder))

const mayImport = (from: string, to: string): boolean =>
  from === to || (ONLY[from]?.includes(to) ?? rank(to) < rank(from))

describe('the terminal: folders are layers', () => {
  const files = sourceFiles(TERMINAL)
  const inTree = (file: string) =>
    relativeImports(file).filter((target) => target.startsWith(TERMINAL + sep))

  it('places every folder in a layer', () => {
    const folders = new Set(files.map((f) => folderOf(TERMINAL, f)))
    expect([...folders].filter((f) => rank(f) < 0)).toEqual([])
  })

  it('lets a folder import only the layers below it (tests included)', () => {
    const offences = files.flatMap((file) =>
      inTree(file)
        .filter((t) => !mayImport(folderOf(TERMINAL, file), folderOf(TERMINAL, `${t}.ts`)))
        .map((t) => `${relative(TERMINAL, file)} -> ${relative(TERMINAL, t)}`),
    )
    expect(offences).toEqual([])
  })

  it('keeps test helpers out of the shipped code', () => {
    const offences = files.filter(shipped).flatMap((file) =>
      inTree(file)
        .filter((t) => t.includes(`${sep}testing${sep}`))
        .map((t) => `${relative(TERMINAL, file)} -> ${relative(TERMINAL, t)}`),
    )
    expect(offences).toEqual([])
  })

  it('reads the imports it checks', () => {
    expect(inTree(join(TERMINAL, 'runtime', 'terminal.ts'))).toContain(
      join(TERMINAL, 'core', 'supervisor'),
    )
    expect(mayImport('sync', 'commands')).toBe(true)
    expect(mayImport('commands', 'sync')).toBe(false)
    expect(mayImport('hardware', 'store')).toBe(false)
  })
})

describe('the server: no folder imports its way back to itself', () => {
  it('has no import cycle between its folders (shipped code)', () => {
    expect(folderCycles(folderGraph(SERVER, sourceFiles(SERVER).filter(shipped)))).toEqual([])
  })

  it('keeps test helpers out of the shipped code', () => {
    const offences = sourceFiles(SERVER)
      .filter(shipped)
      .flatMap((file) =>
        relativeImports(file)
          .filter((t) => t.includes(`${sep}testing${sep}`))
          .map((t) => `${relative(SERVER, file)} -> ${relative(SERVER, t)}`),
      )
    expect(offences).toEqual([])
  })
})

describe('folder cycles', () => {
  it('finds a cycle through three folders and leaves a chain alone', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set(['e'])],
    ])
    expect(folderCycles(graph)).toEqual([['a', 'b', 'c']])
    graph.set('c', new Set(['d']))
    expect(folderCycles(graph)).toEqual([])
  })
})
