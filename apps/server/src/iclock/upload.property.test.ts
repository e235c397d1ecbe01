import { parseOperlogLine, splitRecordLines } from '@webroster/protocol'
import { and, eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { people, punches, rejectedLines, templates } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

/** One body line as bytes: text, or raw bytes that are not UTF-8. */
type Line = string | Uint8Array

const smallPin = fc.constantFrom('1', '2', '3', 'A7', '0042')
const time = fc.constantFrom('2025-01-15 07:00:00', '2025-01-15 07:00:01', '2025-03-30 02:30:00')
const status = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(255))
const verify = fc.constantFrom(0, 1, 4, 15)
const huge = fc.constantFrom('2147483648', '-2147483649', '99999999999999999999', '1e9')
const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('9'.repeat(2800), 'José', 'a b', '', ' ', '\0', '0000-01-01 00:00:00'),
)
const notUtf8: fc.Arbitrary<Line> = fc
  .uint8Array({ minLength: 1, maxLength: 12 })
  .map((b) => new Uint8Array([0xff, ...b.filter((x) => x !== 0x0a)]))

// Lines from a small key space, so re-sends and verify conflicts happen, mixed with every hostile shape.
const punchLine = fc
  .tuple(smallPin, time, status, verify, fc.constantFrom('', '0', '7'))
  .map((f) => f.join('\t'))
const attlogLine: fc.Arbitrary<Line> = fc.oneof(
  { weight: 4, arbitrary: punchLine },
  fc.tuple(smallPin, time, huge, verify).map((f) => f.join('\t')),
  fc.tuple(hostile, time, status, verify).map((f) => f.join('\t')),
  fc.tuple(smallPin, hostile, status, verify).map((f) => f.join('\t')),
  fc
    .tuple(punchLine, fc.array(fc.string({ maxLength: 8 }), { minLength: 8, maxLength: 10 }))
    .map(([p, more]) => [p, '0', '0', ...more].join('\t').replace(/[\n]/g, '')),
  fc.tuple(punchLine, punchLine).map(([a, b]) => `${a}\r${b}`),
  fc
    .tuple(smallPin, fc.constantFrom('1969-12-31 23:59:59', '2101-01-01 00:00:00'))
    .map((f) => f.join('\t')),
  hostile.map((s) => s.replace(/\n/g, '')),
  notUtf8,
)
const operlogLine: fc.Arbitrary<Line> = fc.oneof(
  smallPin.map((p) => `USER PIN=${p}\tName=N${p}\tPri=0`),
  fc.tuple(smallPin, huge).map(([p, n]) => `USER PIN=${p}\tName=X\tPri=${n}`),
  fc
    .tuple(smallPin, fc.nat({ max: 9 }))
    .map(([p, f]) => `FP PIN=${p}\tFID=${f}\tValid=1\tTMP=AAAA`),
  fc.tuple(smallPin, huge).map(([p, n]) => `FP PIN=${p}\tFID=${n}\tValid=1\tTMP=AAAA`),
  smallPin.map((p) => `FP PIN=${p}\tFID=0\tTMP=not base64!`),
  hostile.map((p) => `USER PIN=${p.replace(/[\t\n]/g, '')}\tName=H`),
  fc.constant(`USER PIN=1\tName=A\tCard=${'1'.repeat(3000)}`),
  hostile.map((s) => s.replace(/\n/g, '')),
  notUtf8,
)

const rtlogLine: fc.Arbitrary<Line> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(time, smallPin, fc.constantFrom(0, 1, 8, 27, 4001), fc.constantFrom(0, 1))
      .map(
        ([t, p, e, io]) =>
          `time=${t}\tpin=${p}\tcardno=0\teventaddr=1\tevent=${e}\tinoutstatus=${io}\tverifytype=1`,
      ),
  },
  fc.tuple(time, smallPin, huge).map(([t, p, n]) => `time=${t}\tpin=${p}\tevent=${n}`),
  fc.tuple(time, hostile).map(([t, p]) => `time=${t}\tpin=${p.replace(/[\t\n]/g, '')}\tevent=0`),
  fc
    .tuple(hostile, smallPin)
    .map(([t, p]) => `time=${t.replace(/[\t\n]/g, '')}\tpin=${p}\tevent=0`),
  hostile.map((s) => s.replace(/\n/g, '')),
  notUtf8,
)
const userRowLine: fc.Arbitrary<Line> = fc.oneof(
  smallPin.map((p) => `user uid=${p}\tpin=${p}\tname=U${p}\tprivilege=0`),
  fc.tuple(smallPin, huge).map(([p, n]) => `user pin=${p}\tprivilege=${n}`),
  smallPin.map((p) => `user pin=${p}\tname=a\rb\tcardno=${'7'.repeat(100)}`),
  hostile.map((p) => `user pin=${p.replace(/[\t\n]/g, '')}`),
  hostile.map((s) => s.replace(/\n/g, '')),
  notUtf8,
)

function bodyOf(lines: Line[]): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder()
  const parts = lines.flatMap((l) => [typeof l === 'string' ? enc.encode(l) : l, enc.encode('\n')])
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The lines of a body that hold a record, numbered as the server numbers them (LF-separated, blank skipped). */
function recordLines(body: Uint8Array): Array<{ line: number; text: string }> {
  return splitRecordLines(new TextDecoder('utf-8').decode(body))
}

describe.each(testDbKinds())('random batches on %s', { timeout: 300_000 }, (kind) => {
  let server: TestServer
  let run = 0
  beforeAll(async () => {
    // Hundreds of uploads a second from one test client: not what the rate limit is for.
    server = await createTestServer(
      kind,
      { defaultTimeZone: 'Europe/Madrid', deviceRateLimit: 100_000 },
      undefined,
      { onEnrolled: () => {} },
    )
  }, 60_000)
  afterAll(async () => {
    await server.close()
  })

  const upload = async (table: string, lines: Line[], reply = /^OK/) => {
    const sn = `PROP${table.replace(/\W/g, '')}${run++}`
    // People and templates are not per device: start each batch without them, so "stored" means this batch.
    await server.services.db.delete(templates)
    await server.services.db.delete(people)
    const body = bodyOf(lines)
    const res = await server.request(`/iclock/cdata?SN=${sn}&table=${table}`, {
      method: 'POST',
      body,
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(reply)
    const rejected = await server.services.db
      .select({ line: rejectedLines.line })
      .from(rejectedLines)
      .where(eq(rejectedLines.sn, sn))
    return { sn, lines: recordLines(body), rejected: new Set(rejected.map((r) => r.line)) }
  }

  /** Uploads random batches of `arb` lines; each non-blank line must be rejected or `stored` by this batch. */
  const everyLineAccounted = (
    table: string,
    arb: fc.Arbitrary<Line>,
    stored: (sn: string, text: string) => Promise<number>,
    reply = /^OK/,
  ) =>
    fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: 40 }), async (lines) => {
        const { sn, lines: records, rejected } = await upload(table, lines, reply)
        for (const { line, text } of records) {
          if (rejected.has(line)) continue
          const found = (await stored(sn, text)) > 0
          expect({ line, text, stored: found }).toEqual({ line, text, stored: true })
        }
      }),
      { numRuns: 30 },
    )
  const punchesOf = (sn: string, pin: string) =>
    server.services.db.$count(punches, and(eq(punches.sn, sn), eq(punches.pin, pin)))
  const keyed = (text: string, key: string) =>
    new RegExp(`(?:^|\\t| )${key}=([^\\t]*)`).exec(text)?.[1]?.trim() ?? ''

  it('ATTLOG: every non-blank line is stored or rejected, never a 5xx', async () => {
    await everyLineAccounted('ATTLOG', attlogLine, (sn, text) =>
      punchesOf(sn, (text.split('\t')[0] ?? '').trim()),
    )
  })

  it('OPERLOG: every non-blank line is stored or rejected, never a 5xx', async () => {
    await everyLineAccounted('OPERLOG', operlogLine, async (_sn, text) => {
      const record = parseOperlogLine(text)
      if (typeof record !== 'object' || !('pin' in record)) return 0
      const table = record.kind === 'USER' ? people : templates
      return server.services.db.$count(table, eq(table.pin, record.pin))
    })
  })

  it('rtlog: every non-blank line is a punch or a rejected line, never a 5xx', async () => {
    await everyLineAccounted('rtlog', rtlogLine, (sn, text) => punchesOf(sn, keyed(text, 'pin')))
  })

  it('tabledata user: every non-blank line is stored or rejected, never a 5xx', async () => {
    await everyLineAccounted(
      'tabledata&tablename=user',
      userRowLine,
      (_sn, text) => server.services.db.$count(people, eq(people.pin, keyed(text, 'pin'))),
      /^user=/,
    )
  })
})
