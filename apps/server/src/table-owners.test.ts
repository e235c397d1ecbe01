import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { is } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import * as schema from './db/schema'

const SRC = import.meta.dirname

/** Folders any table may be imported from: the schema itself and the test fixtures. */
const ANYONE = new Set(['db', 'testing'])

/**
 * Files that import a table another folder owns, on purpose, with why. Each entry names the file and the tables.
 */
const EXCEPTIONS: Record<string, { tables: string[]; why: string }> = {
  'punches/punch-export.ts': {
    tables: ['people', 'devices'],
    why: 'the streaming export joins names in its one statement per page; a look-up per page costs a round trip',
  },
  'punches/punch-list.ts': {
    tables: ['people'],
    why: 'a page of the attendance list joins the person name in its one statement, as the export does',
  },
  'punches/punch-feed.ts': {
    tables: ['people'],
    why: 'the live feed joins the person name in its one read per wake-up, as the attendance list does',
  },
  'punches/punch-filter.ts': {
    tables: ['people'],
    why: 'the unknown-person filter is a NOT EXISTS on people inside the list and export statements',
  },
  'punches/punch-counts.ts': {
    tables: ['people'],
    why: "per-device counts of unknown people's punches come from the one grouped count query",
  },
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Names imported from the schema (`db/schema` or one of its files) by a source text. */
function schemaImports(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(
    /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'[./]*\/?db\/schema[^']*'/g,
  )) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .replace(/^\s*type\s+/, '')
        .trim()
        .split(/\s+as\s+/)[0]
      if (name) names.push(name)
    }
  }
  return names
}

const tables = new Set(
  Object.entries(schema).flatMap(([name, v]) => (is(v, PgTable) ? [name] : [])),
)

describe('table owners', () => {
  it('finds the tables and the files that import them', () => {
    expect(tables.has('punches')).toBe(true)
    expect(schemaImports("import { a, type b } from '../db/schema'")).toEqual(['a', 'b'])
  })

  it('has each table imported by one top-level folder of src/ (db/, testing/ and tests aside)', () => {
    const folders = new Map<string, Set<string>>()
    for (const file of sourceFiles(SRC)) {
      const path = relative(SRC, file)
      const folder = path.includes('/') ? (path.split('/')[0] as string) : '.'
      if (ANYONE.has(folder)) continue
      const allowed = EXCEPTIONS[path]?.tables ?? []
      for (const name of schemaImports(readFileSync(file, 'utf8'))) {
        if (!tables.has(name) || allowed.includes(name)) continue
        const set = folders.get(name) ?? new Set<string>()
        set.add(folder)
        folders.set(name, set)
      }
    }
    const shared = [...folders]
      .filter(([, owners]) => owners.size > 1)
      .map(([table, owners]) => `${table}: ${[...owners].sort().join(', ')}`)
    expect(shared).toEqual([])
  })

  it('lists only exceptions that are still needed', () => {
    for (const [path, { tables: names }] of Object.entries(EXCEPTIONS)) {
      const imported = schemaImports(readFileSync(join(SRC, path), 'utf8'))
      expect(
        names.filter((n) => !imported.includes(n)),
        path,
      ).toEqual([])
    }
  })
})
