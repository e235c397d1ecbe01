import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config'
import { clockCorrection } from './correction'
import {
  hasFreshWallClockSkew,
  REALTIME_WINDOW_SECONDS,
  skewFromPunches,
  skewFromWallClock,
  suggestedUtcOffset,
  timeIssueOf,
} from './skew'
import { ZoneClock } from './zone-clock'

const NOW = new Date('2025-07-01T12:00:00Z')
const ago = (s: number) => new Date(NOW.getTime() - s * 1000)

describe('clock skew', () => {
  it('reads current_time in the device zone, sign = device minus server', () => {
    const clock = new ZoneClock()
    // 14:05 in Madrid (UTC+2 in July) is 12:05Z: five minutes ahead.
    expect(skewFromWallClock(clock, '2025-07-01 14:05:00', 'Europe/Madrid', NOW)).toEqual({
      clockSkewSeconds: 300,
      clockSkewAt: NOW.toISOString(),
      clockSkewSource: 'device-time',
      clockSkewZone: 'Europe/Madrid',
    })
    expect(skewFromWallClock(clock, '2025-07-01 07:59:30', 'America/New_York', NOW)).toMatchObject({
      clockSkewSeconds: -30,
    })
    expect(skewFromWallClock(clock, 'garbage', 'UTC', NOW)).toBeUndefined()
  })

  it('counts only the freshest punch, and only when it cannot be a backlog', () => {
    expect(skewFromPunches([], NOW, 'UTC')).toBeUndefined()
    expect(
      skewFromPunches([ago(3600), ago(REALTIME_WINDOW_SECONDS + 1)], NOW, 'UTC'),
    ).toBeUndefined()
    expect(skewFromPunches([ago(7200), ago(20)], NOW, 'UTC')?.clockSkewSeconds).toBe(-20)
    expect(skewFromPunches([ago(7200), ago(-600)], NOW, 'Asia/Kolkata')).toMatchObject({
      clockSkewSeconds: 600,
      clockSkewSource: 'punch',
      clockSkewZone: 'Asia/Kolkata',
    })
  })

  it('lets a recent current_time reading outrank punch estimates for ten minutes', () => {
    const tel = { clockSkewSource: 'device-time', clockSkewAt: ago(60).toISOString() }
    expect(hasFreshWallClockSkew(tel, NOW)).toBe(true)
    expect(hasFreshWallClockSkew({ ...tel, clockSkewAt: ago(601).toISOString() }, NOW)).toBe(false)
    expect(hasFreshWallClockSkew({ ...tel, clockSkewSource: 'punch' }, NOW)).toBe(false)
    expect(hasFreshWallClockSkew({}, NOW)).toBe(false)
  })

  it.each([
    ['UTC−6 read as UTC', -21_600 + 40, 'UTC', -360],
    ['whole hour behind Madrid', -3_600 - 100, 'Europe/Madrid', 60],
    ['India read as UTC', 19_800 - 110, 'UTC', 330],
    ['Nepal read as India', 900 + 30, 'Asia/Kolkata', 345],
  ])('takes a skew near whole quarter hours for a zone mismatch: %s', (_n, skew, zone, offset) => {
    expect(suggestedUtcOffset(skew, zone, NOW)).toBe(offset)
  })

  it.each([
    ['a clock that drifted', 300],
    ['beyond the tolerance of an hour', 3_600 + 121],
    ['within the tolerance of no offset at all', 100],
    ['more than any zone apart', 30 * 3600],
  ])('takes other skews for a clock problem: %s', (_n, skew) => {
    expect(suggestedUtcOffset(skew, 'UTC', NOW)).toBeUndefined()
  })

  it('flags a zone mismatch or a clock beyond the threshold (the default limit when correction is off)', () => {
    const tel = (skew: number, zone = 'UTC') => ({
      clockSkewSeconds: skew,
      clockSkewAt: NOW.toISOString(),
      clockSkewSource: 'device-time',
      clockSkewZone: zone,
    })
    const issue = (t: Record<string, unknown>, threshold: number, zone = 'UTC') =>
      timeIssueOf(t, zone, threshold, NOW)
    expect(issue({}, 120)).toEqual({
      clockSkewSeconds: null,
      timeIssue: null,
      suggestedUtcOffsetMinutes: null,
      suggestedUtcOffset: null,
    })
    expect(issue(tel(-121), 120).timeIssue).toBe('clock-skew')
    expect(issue(tel(120), 120).timeIssue).toBeNull()
    expect(issue(tel(100), 60).timeIssue).toBe('clock-skew')
    expect(issue(tel(100), 0).timeIssue).toBeNull()
    expect(issue(tel(121), 0).timeIssue).toBe('clock-skew')
    expect(issue(tel(-21_600 + 40), 120)).toEqual({
      clockSkewSeconds: -21_560,
      timeIssue: 'zone-mismatch',
      suggestedUtcOffsetMinutes: -360,
      suggestedUtcOffset: '-0600',
    })
  })

  it('re-bases a reading taken in another zone on the zone the device has now', () => {
    // Read as UTC, the UTC−6 device was six hours behind; read in Mexico City it is on time.
    const tel = {
      clockSkewSeconds: -21_600 + 40,
      clockSkewAt: NOW.toISOString(),
      clockSkewSource: 'device-time',
      clockSkewZone: 'UTC',
    }
    expect(timeIssueOf(tel, 'America/Mexico_City', 120, NOW)).toMatchObject({
      clockSkewSeconds: 40,
      timeIssue: null,
    })
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
