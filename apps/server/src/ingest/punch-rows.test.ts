import { parseAttlog } from '@webroster/protocol'
import { describe, expect, it } from 'vitest'
import { ZoneClock } from '../clock'
import { toPunchRows } from './punch-rows'

const rowsOf = (body: string, zone = 'UTC') =>
  toPunchRows(new ZoneClock(), 'SN1', zone, parseAttlog(body).records)

describe('punch rows', () => {
  it('keeps the wall clock as sent and places it in the device zone', () => {
    const { rows, rejected } = rowsOf('7\t2024-07-28 08:00:00\t1\t15\t\t0\t0\t\n', 'Asia/Kolkata')
    expect(rejected).toEqual([])
    expect(rows[0]).toMatchObject({ pin: '7', localTime: '2024-07-28 08:00:00', status: 1 })
    expect(rows[0]?.punchedAt.toISOString()).toBe('2024-07-28T02:30:00.000Z')
  })

  it('stores no extra for fields at their "nothing here" values', () => {
    const { rows } = rowsOf(
      '7\t2024-07-28 08:00:00\t0\t1\t0\t0\t0\n7\t2024-07-28 09:00:00\t0\t1\t\t0\t0\t0\t0\t0\n',
    )
    expect(rows.map((r) => r.extra)).toEqual([null, { maskFlag: '0' }])
  })

  it('keeps the fields that say something', () => {
    const { rows } = rowsOf('7\t2024-07-28 08:00:00\t0\t15\t0\t0\t0\t1\t36.6\t97.9\t+28800\n')
    expect(rows[0]?.extra).toEqual({
      maskFlag: '1',
      temperature: '36.6',
      convTemperature: '97.9',
      timeOffset: '+28800',
    })
  })
})
