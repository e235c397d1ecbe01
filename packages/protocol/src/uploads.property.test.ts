import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatRtlog,
  formatTabledata,
  parseRtlog,
  parseRtstate,
  parseTabledata,
  type RtlogRecord,
  type TableRecord,
} from './access'
import { type AttlogRecord, formatAttlog, isAttlogHeader, parseAttlog } from './attlog'
import { formatHandshakeReply, type HandshakeOptions, parseHandshakeReply } from './handshake'
import { parseInfo } from './info'
import {
  formatOperlog,
  type OperlogRecord,
  parseBiodata,
  parseErrorlog,
  parseIdcard,
  parseOperlog,
} from './operlog'
import { parseOptionsBody } from './options'
import { parseDeviceRequest } from './query'
import { type ParseResult, splitRecordLines } from './records'
import { parseOkReply, parsePushConfig } from './replies'

const pin = fc.stringMatching(/^[0-9A-Za-z]{1,14}$/)
/** any text a record value may hold: no TAB, CR or LF */
const text = fc.string({ maxLength: 24 }).filter((s) => !/[\t\r\n]/.test(s))
const word = fc.stringMatching(/^[0-9A-Za-z]{0,6}$/)
const small = fc.integer({ min: -9, max: 65535 })
const deviceTime = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 19).replace('T', ' '))
/** a template or photo: never empty (an empty one is rejected) */
const base64 = fc.base64String({ minLength: 4, maxLength: 40 })

const attlogRecord: fc.Arbitrary<AttlogRecord> = fc
  .record({
    pin,
    time: deviceTime,
    status: fc.integer({ min: 0, max: 255 }),
    verify: fc.integer({ min: 0, max: 200 }),
    workCode: word,
    reserved1: word,
    reserved2: word,
    tailLength: fc.integer({ min: 0, max: 5 }),
    maskFlag: fc.integer({ min: 0, max: 255 }),
    tail: fc.tuple(
      fc.stringMatching(/^[0-9.]{1,5}$/),
      fc.stringMatching(/^[0-9.]{1,5}$/),
      fc.stringMatching(/^[+-]\d{1,5}$/),
      fc.base64String({ minLength: 4, maxLength: 40 }),
    ),
  })
  .map(({ tailLength, maskFlag, tail, ...r }) => {
    const rec: AttlogRecord = { ...r }
    if (tailLength >= 1) rec.maskFlag = maskFlag
    const keys = ['temperature', 'convTemperature', 'timeOffset', 'extendData'] as const
    keys.slice(0, Math.max(0, tailLength - 1)).forEach((k, i) => {
      rec[k] = tail[i] as string
    })
    return rec
  })

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
function defined<T extends object>(r: T): T {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as T
}

const operlogRecord: fc.Arbitrary<OperlogRecord> = fc.oneof(
  fc.record({
    kind: fc.constant('OPLOG' as const),
    op: fc.nat({ max: 200 }),
    operator: text,
    time: deviceTime,
    value1: text,
    value2: text,
    value3: text,
    reserved: text,
  }),
  fc
    .record({
      kind: fc.constant('USER' as const),
      pin,
      name: text,
      privilege: fc.constantFrom(0, 2, 6, 10, 14),
      password: text,
      card: text,
      group: opt(small),
      timeZones: text,
      verify: opt(fc.integer({ min: -1, max: 200 })),
      viceCard: text,
      startDatetime: opt(text),
      endDatetime: opt(text),
    })
    .map(defined),
  fc.record({
    kind: fc.constantFrom('FP' as const, 'FACE' as const),
    pin,
    fid: small,
    size: small,
    valid: small,
    template: base64,
  }),
  fc.record({
    kind: fc.constant('FVEIN' as const),
    pin,
    fid: small,
    index: small,
    valid: small,
    size: small,
    template: base64,
  }),
  fc.record({
    kind: fc.constant('BIODATA' as const),
    pin,
    no: small,
    index: small,
    valid: small,
    duress: small,
    type: small,
    majorVer: text,
    minorVer: text,
    format: small,
    template: base64,
  }),
  fc.record({
    kind: fc.constant('USERPIC' as const),
    pin,
    fileName: text,
    size: small,
    content: base64,
  }),
  fc
    .record({
      kind: fc.constant('BIOPHOTO' as const),
      pin,
      fileName: text,
      type: small,
      no: opt(small),
      index: opt(small),
      size: small,
      content: base64,
    })
    .map(defined),
  fc.record({
    kind: fc.constant('ERRORLOG' as const),
    errCode: text,
    errMsg: text,
    dataOrigin: text,
    cmdId: text,
    additional: base64,
  }),
  fc.record({
    kind: fc.constant('IDCARD' as const),
    pin,
    fields: fc.dictionary(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/).filter((k) => k.toLowerCase() !== 'pin'),
      text,
      {
        maxKeys: 6,
      },
    ),
  }),
)

const rtlogRecord: fc.Arbitrary<RtlogRecord> = fc
  .record({
    time: deviceTime,
    pin: fc.oneof(pin, fc.constantFrom('', '0')),
    cardNo: text,
    siteCode: text,
    linkId: text,
    eventAddr: text,
    event: fc.integer({ min: 0, max: 6999 }),
    inOutStatus: fc.integer({ min: 0, max: 3 }),
    verifyType: text,
    index: text,
    maskFlag: opt(text),
    temperature: opt(text),
    convTemperature: opt(text),
    extra: opt(
      fc.dictionary(fc.stringMatching(/^x[a-z0-9]{0,8}$/), text, { minKeys: 1, maxKeys: 3 }),
    ),
  })
  .map(defined)

const handshake: fc.Arbitrary<HandshakeOptions & { sn: string }> = fc
  .record({
    sn: pin,
    stamps: fc
      .record({
        ATTLOG: opt(text),
        OPERLOG: opt(text),
        ATTPHOTO: opt(text),
        BIODATA: opt(text),
        IDCARD: opt(text),
        ERRORLOG: opt(text),
      })
      .map(defined),
    errorDelay: fc.nat({ max: 3600 }),
    delay: fc.nat({ max: 3600 }),
    transTimes: text,
    transInterval: fc.nat({ max: 1440 }),
    transFlag: fc.array(fc.stringMatching(/^[A-Za-z]{1,10}$/), { maxLength: 12 }),
    timeZone: fc.integer({ min: -840, max: 840 }),
    realtime: fc.boolean(),
    encrypt: fc.boolean(),
    serverVer: text,
    pushProtVer: text,
    pushOptionsFlag: opt(fc.boolean()),
    pushOptions: opt(fc.array(fc.stringMatching(/^[A-Za-z]{1,12}$/), { maxLength: 5 })),
    multiBioDataSupport: opt(text),
    multiBioPhotoSupport: opt(text),
    supportPing: opt(fc.boolean()),
    extra: opt(
      fc.dictionary(fc.stringMatching(/^X[A-Za-z0-9]{0,10}$/), text, { minKeys: 1, maxKeys: 4 }),
    ),
  })
  .map(defined)

/** The parse result without its source lines, which a round trip does not compare. */
function withoutSources<T>({ records, rejected }: ParseResult<T>): ParseResult<T> {
  return { records, rejected }
}

describe('round trips: serialise → parse is identity', () => {
  it('ATTLOG', () => {
    fc.assert(
      fc.property(fc.array(attlogRecord, { maxLength: 20 }), (records) => {
        expect(withoutSources(parseAttlog(formatAttlog(records)))).toEqual({
          records,
          rejected: [],
        })
      }),
    )
  })
  it('every OPERLOG kind', () => {
    fc.assert(
      fc.property(fc.array(operlogRecord, { maxLength: 20 }), (records) => {
        expect(withoutSources(parseOperlog(formatOperlog(records)))).toEqual({
          records,
          rejected: [],
        })
      }),
    )
  })
  it('rtlog', () => {
    fc.assert(
      fc.property(fc.array(rtlogRecord, { maxLength: 20 }), (records) => {
        expect(withoutSources(parseRtlog(formatRtlog(records)))).toEqual({
          records,
          rejected: [],
        })
      }),
    )
  })
  it('tabledata (generic tables exactly; typed tables keep their fields)', () => {
    const row = fc.record({
      table: fc.constantFrom('identitycard', 'extuser', 'userpic', 'user', 'templatev10'),
      fields: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), text, { maxKeys: 8 }),
      pin,
    })
    fc.assert(
      fc.property(row, ({ table, fields, pin: p }) => {
        const r: TableRecord = { table, fields: { pin: p, template: 'AA==', ...fields } }
        const parsed = parseTabledata(table, formatTabledata([r]))
        expect(parsed.rejected).toEqual([])
        if (table === 'user' || table === 'templatev10') {
          expect(parsed.records[0]?.fields).toEqual(r.fields)
          expect(formatTabledata(parsed.records)).toBe(formatTabledata([r]))
        } else expect(parsed.records).toEqual([r])
      }),
    )
  })
  it('handshake block', () => {
    fc.assert(
      fc.property(handshake, ({ sn, ...options }) => {
        const parsed = parseHandshakeReply(formatHandshakeReply(sn, options))
        expect(parsed).toEqual({ ...options, sn })
      }),
    )
  })
})

/** Every non-blank line is a record (or several, when line breaks were lost) or exactly one rejection. */
function expectAccounted<T>(
  parse: (body: string) => ParseResult<T>,
  body: string,
  skipped: (line: string) => boolean = () => false,
): void {
  const lines = splitRecordLines(body)
  const whole = parse(body)
  let records = 0
  const rejectedLines: number[] = []
  for (const l of lines) {
    const one = parse(l.text)
    if (one.rejected.length > 0) {
      expect(one.rejected).toHaveLength(1)
      expect(one.records).toHaveLength(0)
      rejectedLines.push(l.line)
    } else if (!skipped(l.text)) expect(one.records.length).toBeGreaterThanOrEqual(1)
    records += one.records.length
  }
  expect(whole.records).toHaveLength(records)
  expect(whole.rejected.map((r) => r.line)).toEqual(rejectedLines)
}

const fragments = [
  '\t',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '=',
  '1',
  '0',
  '255',
  'PIN=1',
  'Pin=',
  'TMP=',
  'FID=0',
  'OPLOG ',
  'USER ',
  'FP ',
  'BIODATA ',
  'IDCARD ',
  'ERRORLOG ',
  'FACE ',
  'time=',
  'event=0',
  'pin=',
  'user ',
  '2024-01-15 07:32:00',
  '2024-02-30 25:00:00',
  '2024-01-15T07:32:00.5',
  'ATTLOG',
  'é',
  '\u0000',
  '%',
  'x',
]
const body = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((a) => a.join('')),
)

describe('garbage never throws and every line is accounted for', () => {
  it.each<[string, (b: string) => ParseResult<unknown>, ((line: string) => boolean)?]>([
    // The only line a parser may skip without a word: the original terminal's `ATTLOG` header.
    ['ATTLOG', parseAttlog, isAttlogHeader],
    ['OPERLOG', parseOperlog],
    ['BIODATA', parseBiodata],
    ['ERRORLOG', parseErrorlog],
    ['IDCARD', parseIdcard],
    ['rtlog', parseRtlog],
    ['rtstate', parseRtstate],
    ['tabledata user', (b) => parseTabledata('user', b)],
    ['tabledata templatev10', (b) => parseTabledata('templatev10', b)],
    ['tabledata biodata', (b) => parseTabledata('biodata', b)],
  ])('%s', (_name, parse, skipped) => {
    fc.assert(
      fc.property(body, (b) => {
        expectAccounted(parse, b, skipped)
      }),
      { numRuns: 300 },
    )
  })
  it('other text parsers', () => {
    fc.assert(
      fc.property(body, (b) => {
        parseInfo(b)
        parseOptionsBody(b)
        parseOkReply(b)
        parsePushConfig(b)
        parseDeviceRequest(`/iclock/cdata?${b}`)
        expect(parseHandshakeReply(`GET OPTION FROM: X\n${b}`).sn).toBe('X')
      }),
    )
  })
})
