import { describe, expect, it } from 'vitest'
import { parseOptions, UsageError } from './options'

describe('parseOptions', () => {
  it('defaults to the full run on Postgres with every phase', () => {
    const o = parseOptions([], 8)
    expect(o).toMatchObject({
      quick: false,
      terminals: 1000,
      db: 'postgres',
      workers: 4,
      servers: 1,
    })
    expect(o.phases).toHaveLength(12)
    expect(o.fleetTerminals).toBe(100_000)
    expect(o).toMatchObject({ provisionPeople: 5000, provisionTerminals: 100 })
    expect(o.markdown).toBe('docs/benchmarks.md')
  })

  it('shrinks the run in quick mode but lets flags override it', () => {
    const o = parseOptions(
      ['--quick', '--terminals', '50', '--db', 'pglite', '--json', 'o.json'],
      2,
    )
    expect(o).toMatchObject({
      quick: true,
      terminals: 50,
      db: 'pglite',
      json: 'o.json',
      workers: 1,
    })
    expect(o.durationSeconds).toBeLessThan(15)
  })

  it('takes the number of server processes and the fleet size', () => {
    expect(parseOptions(['--servers', '2', '--fleet-terminals', '5000'])).toMatchObject({
      servers: 2,
      fleetTerminals: 5000,
    })
  })

  it('runs named phases in canonical order, ceilings first', () => {
    expect(parseOptions(['--phases', 'batch100,ceiling-copy,polls']).phases).toEqual([
      'polls',
      'batch100',
      'ceiling-copy',
    ])
  })

  it('rejects unknown phases, flags and bad numbers', () => {
    expect(() => parseOptions(['--phases', 'polls,nope'])).toThrow(UsageError)
    expect(() => parseOptions(['--bogus'])).toThrow(UsageError)
    expect(() => parseOptions(['--terminals', '0'])).toThrow(UsageError)
    expect(() => parseOptions(['--duration'])).toThrow(UsageError)
    expect(() => parseOptions(['--db', 'mysql'])).toThrow(UsageError)
  })

  it('sizes the provisioning phase from its own flags', () => {
    expect(parseOptions(['--quick'])).toMatchObject({
      provisionPeople: 500,
      provisionTerminals: 20,
    })
    const o = parseOptions([
      '--phases',
      'provision',
      '--provision-people',
      '50',
      '--provision-terminals',
      '3',
    ])
    expect(o).toMatchObject({ phases: ['provision'], provisionPeople: 50, provisionTerminals: 3 })
    expect(() => parseOptions(['--provision-people', '0'])).toThrow(UsageError)
    expect(parseOptions([]).provisionFirmware).toBe('push2')
    expect(parseOptions(['--provision-firmware', 'legacy']).provisionFirmware).toBe('legacy')
    expect(() => parseOptions(['--provision-firmware', 'acc'])).toThrow(UsageError)
  })

  it('sizes the attendance phase from its own flags', () => {
    expect(parseOptions([])).toMatchObject({
      attendancePeople: 10_000,
      attendancePunches: 1_000_000,
    })
    expect(parseOptions(['--quick'])).toMatchObject({
      attendancePeople: 1000,
      attendancePunches: 100_000,
    })
    const o = parseOptions([
      '--phases',
      'attendance',
      '--attendance-people',
      '20',
      '--attendance-punches',
      '400',
    ])
    expect(o).toMatchObject({
      phases: ['attendance'],
      attendancePeople: 20,
      attendancePunches: 400,
    })
    expect(() => parseOptions(['--attendance-punches', '-1'])).toThrow(UsageError)
  })

  it('sizes the timesheets phase from its own flag', () => {
    expect(parseOptions([]).timesheetPeople).toBe(10_000)
    expect(parseOptions(['--quick']).timesheetPeople).toBe(500)
    expect(parseOptions(['--phases', 'timesheets', '--timesheet-people', '30'])).toMatchObject({
      phases: ['timesheets'],
      timesheetPeople: 30,
    })
    expect(() => parseOptions(['--timesheet-people', '0'])).toThrow(UsageError)
  })
})
