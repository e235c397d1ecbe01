import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config'
import { ZoneClock } from '../ingest/zone-clock'
import {
  hasFreshDeviceTime,
  isTimeIssue,
  REALTIME_WINDOW_SECONDS,
  skewFromDeviceTime,
  skewFromPunches,
} from './clock-skew'
import { clockCorrection } from './clock-sync'

const NOW = new Date('2025-07-01T12:00:00Z')
const ago = (s: number) => new Date(NOW.getTime() - s * 1000)

describe('clock skew', () => {
  it('reads current_time in the device zone, sign = device minus server', () => {
    const clock = new ZoneClock()
    // 14:05 in Madrid (UTC+2 in July) is 12:05Z: five minutes ahead.
    expect(skewFromDeviceTime(clock, '2025-07-01 14:05:00', 'Europe/Madrid', NOW)).toEqual({
      clockSkewSeconds: 300,
      clockSkewAt: NOW.toISOString(),
      clockSkewSource: 'device-time',
    })
    expect(skewFromDeviceTime(clock, '2025-07-01 07:59:30', 'America/New_York', NOW)).toMatchObject(
      {
        clockSkewSeconds: -30,
      },
    )
    expect(skewFromDeviceTime(clock, 'garbage', 'UTC', NOW)).toBeUndefined()
  })

  it('counts only the freshest punch, and only when it cannot be a backlog', () => {
    expect(skewFromPunches([], NOW)).toBeUndefined()
    expect(skewFromPunches([ago(3600), ago(REALTIME_WINDOW_SECONDS + 1)], NOW)).toBeUndefined()
    expect(skewFromPunches([ago(7200), ago(20)], NOW)?.clockSkewSeconds).toBe(-20)
    expect(skewFromPunches([ago(7200), ago(-600)], NOW)).toMatchObject({
      clockSkewSeconds: 600,
      clockSkewSource: 'punch',
    })
  })

  it('lets a recent current_time reading outrank punch estimates for ten minutes', () => {
    const tel = { clockSkewSource: 'device-time', clockSkewAt: ago(60).toISOString() }
    expect(hasFreshDeviceTime(tel, NOW)).toBe(true)
    expect(hasFreshDeviceTime({ ...tel, clockSkewAt: ago(601).toISOString() }, NOW)).toBe(false)
    expect(hasFreshDeviceTime({ ...tel, clockSkewSource: 'punch' }, NOW)).toBe(false)
    expect(hasFreshDeviceTime({}, NOW)).toBe(false)
  })

  it('flags beyond the threshold, using the default limit when correction is off', () => {
    expect(isTimeIssue(null, 120)).toBe(false)
    expect(isTimeIssue(-121, 120)).toBe(true)
    expect(isTimeIssue(120, 120)).toBe(false)
    expect(isTimeIssue(100, 60)).toBe(true)
    expect(isTimeIssue(100, 0)).toBe(false)
    expect(isTimeIssue(121, 0)).toBe(true)
  })

  it('reads CLOCK_SYNC_THRESHOLD_SECONDS: default 120, 0 allowed, rejects garbage', () => {
    expect(loadConfig({}).clockSyncThresholdSeconds).toBe(120)
    expect(loadConfig({ CLOCK_SYNC_THRESHOLD_SECONDS: '0' }).clockSyncThresholdSeconds).toBe(0)
    expect(() => loadConfig({ CLOCK_SYNC_THRESHOLD_SECONDS: '-5' })).toThrow(
      /CLOCK_SYNC_THRESHOLD_SECONDS/,
    )
  })
})

describe('clock correction command', () => {
  it('uses SET OPTION for attendance firmware and SET OPTIONS for access control', () => {
    const at = new Date('2018-02-22T14:54:54Z')
    expect(clockCorrection(at, 'UTC')).toEqual({
      type: 'SET OPTION',
      key: 'DateTime',
      value: '583080894',
    })
    expect(clockCorrection(at, 'UTC', 'acc')).toEqual({
      type: 'SET OPTIONS',
      options: [['DateTime', '583080894']],
    })
    // The device's zone decides the wall clock it is set to.
    expect(clockCorrection(at, 'Asia/Kolkata')).toMatchObject({ value: String(583080894 + 19800) })
  })
})
