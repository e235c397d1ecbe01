import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * After `vite build`: the JavaScript the first load fetches (the entry chunk and the chunks it imports
 * statically, from Vite's manifest), gzip-compressed, against the budget. Screens loaded on navigation are not
 * part of the first load.
 */
const BUDGET_BYTES = 250 * 1024

interface Chunk {
  file: string
  isEntry?: boolean
  imports?: string[]
}

const dist = join(import.meta.dirname, '..', 'dist')
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>
const initial = new Set<string>()
const visit = (key: string) => {
  if (initial.has(key)) return
  initial.add(key)
  for (const next of manifest[key]?.imports ?? []) visit(next)
}
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)

let total = 0
const lines: string[] = []
for (const key of initial) {
  const file = manifest[key]?.file
  if (!file?.endsWith('.js')) continue
  const gz = gzipSync(readFileSync(join(dist, file))).length
  total += gz
  lines.push(`  ${file}  ${(gz / 1024).toFixed(1)} KB gzip`)
}
process.stdout.write(
  `first load: ${(total / 1024).toFixed(1)} KB of JavaScript (gzip), budget ${BUDGET_BYTES / 1024} KB\n${lines.join('\n')}\n`,
)
if (total > BUDGET_BYTES) {
  process.stderr.write('the first load is over its budget\n')
  process.exit(1)
}
