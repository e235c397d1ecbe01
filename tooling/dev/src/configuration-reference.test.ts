import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const sources = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => read(join(dir, f)))
    .join('\n')

const matches = (text: string, re: RegExp) => new Set([...text.matchAll(re)].map((m) => m[1] ?? ''))

/** The rows of the Markdown table under `heading`, as arrays of cell texts. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading)
  if (start < 0) throw new Error(`README has no "${heading}" section`)
  const rows: string[][] = []
  for (const line of markdown.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break
    if (!line.startsWith('|') || /^\|[-| ]+\|$/.test(line)) continue
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    )
  }
  return rows.slice(1)
}

const code = (cell: string | undefined) => /^`([^`]+)`$/.exec(cell ?? '')?.[1]

describe('the configuration reference in the README', () => {
  const readme = read('README.md')
  const turbo = JSON.parse(read('turbo.json')) as { globalPassThroughEnv: string[] }

  it('lists exactly the environment variables the server reads', () => {
    const config = read('apps/server/src/config.ts')
    const inCode = matches(config, /env(?:\.([A-Z][A-Z_]+)|,\s*'([A-Z][A-Z_]+)')/g)
    for (const m of config.matchAll(/env,\s*'([A-Z][A-Z_]+)'/g)) inCode.add(m[1] ?? '')
    inCode.delete('')
    const inReadme = new Set(
      tableAfter(readme, '### Server (environment)').map((r) => code(r[0]) ?? ''),
    )
    expect([...inReadme].sort()).toEqual([...inCode].sort())
  })

  it('lists exactly the environment variables and top-level file keys the terminal reads', () => {
    const config = sources('apps/terminal/src/config')
    const envInCode = matches(config, /env\.([A-Z][A-Z_]+)/g)
    const keysInCode = matches(
      config,
      /\b(?:c|config)\.(?:string|integer|oneOf|boolean|nested|raw|has)(?:<[^>]*>)?\(\s*'(\w+)'/g,
    )
    const rows = tableAfter(readme, '### Terminal (environment')
    const envInReadme = new Set(rows.map((r) => code(r[0])).filter((v) => v !== undefined))
    const keysInReadme = new Set(rows.map((r) => code(r[1])).filter((v) => v !== undefined))
    expect([...envInReadme].sort()).toEqual([...envInCode].sort())
    expect([...keysInReadme].sort()).toEqual([...keysInCode].sort())
  })

  it('declares every variable in turbo.json, so turbo passes it through', () => {
    const all = [
      ...tableAfter(readme, '### Server (environment)').map((r) => code(r[0])),
      ...tableAfter(readme, '### Terminal (environment').map((r) => code(r[0])),
    ].filter((v): v is string => v !== undefined)
    for (const name of all) expect(turbo.globalPassThroughEnv).toContain(name)
  })
})
