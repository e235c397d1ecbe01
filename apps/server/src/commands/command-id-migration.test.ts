import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { migrationsFolder } from '../db/migrations'

/** The statements of one migration file, as drizzle's migrator splits them. */
function statements(file: string): string[] {
  return readFileSync(join(migrationsFolder, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

describe('numeric command ids migration', { timeout: 60_000 }, () => {
  it('renumbers existing text ids in queue order and keeps every queued command', async () => {
    const client = new PGlite('memory://')
    try {
      for (const s of statements('0000_init.sql')) await client.exec(s)
      await client.exec(`
        insert into commands (id, sn, type, text, status, created_at, expires_at) values
          ('zz00000000000001', 'A', 'info', 'INFO', 'queued', '2025-01-01T00:00:02Z', '2030-01-01T00:00:00Z'),
          ('aa00000000000002', 'A', 'check', 'CHECK', 'sent', '2025-01-01T00:00:01Z', '2030-01-01T00:00:00Z'),
          ('mm00000000000003', 'B', 'reboot', 'REBOOT', 'succeeded', '2025-01-01T00:00:03Z', '2030-01-01T00:00:00Z')`)
      for (const s of statements('0001_numeric-command-ids.sql')) await client.exec(s)
      const rows = await client.query<{ id: number; text: string; status: string }>(
        'select id, text, status from commands order by id',
      )
      expect(rows.rows).toEqual([
        { id: 1, text: 'CHECK', status: 'sent' },
        { id: 2, text: 'INFO', status: 'queued' },
        { id: 3, text: 'REBOOT', status: 'succeeded' },
      ])
      const next = await client.query<{ id: number }>(
        `insert into commands (sn, type, text, expires_at) values ('A', 'info', 'INFO', now()) returning id`,
      )
      const id = next.rows[0]?.id ?? 0
      expect(id > 3 && id <= 1_000_000_000).toBe(true)
    } finally {
      await client.close()
    }
  })
})
