import { describe, expect, it } from 'vitest'
import { canUseTemplate, deviceCapabilities, templateVersion } from './capabilities'

const fp = (template: string, majorVer = '') => ({
  kind: 'fp' as const,
  bioType: 1,
  majorVer,
  template,
})
const bio = (bioType: number, majorVer: string) => ({
  kind: 'biodata' as const,
  bioType,
  majorVer,
  template: 'x',
})

describe('device capabilities', () => {
  it('reads FP versions from options or telemetry, with or without ~', () => {
    expect(deviceCapabilities({ FPVersion: '10' }, {}).fpVersion).toBe(10)
    expect(deviceCapabilities({ '~ZKFPVersion': '10.3' }, {}).fpVersion).toBe(10)
    expect(deviceCapabilities({}, { fpAlgorithm: 9 }).fpVersion).toBe(9)
    expect(deviceCapabilities({ FPVersion: '0' }, {})).toEqual({ reported: false })
  })

  it('reads unified-template support and versions per type', () => {
    const caps = deviceCapabilities(
      {
        MultiBioDataSupport: '0:1:1:0:0:0:0:0:0:1',
        MultiBioVersion: '0:12.0:8.0:0:0:0:0:0:0:40.0',
      },
      {},
    )
    expect(caps.bioSupport?.[2]).toBe(true)
    expect(caps.bioSupport?.[7]).toBe(false)
    expect(caps.bioVersions?.[9]).toBe(40)
  })

  it('recognises FP template versions by their header when none is stated', () => {
    expect(templateVersion(fp('TUzIxU1M'))).toBe(10)
    expect(templateVersion(fp('ocoAB'))).toBe(9)
    expect(templateVersion(fp('abc'))).toBeUndefined()
    expect(templateVersion(fp('abc', '12'))).toBe(12)
  })

  it('withholds a template only on a known mismatch', () => {
    const v10 = deviceCapabilities({ FPVersion: '10' }, {})
    expect(canUseTemplate(v10, fp('TUzIx'))).toBe(true)
    expect(canUseTemplate(v10, fp('oco'))).toBe(false)
    expect(canUseTemplate(v10, fp('unknown-header'))).toBe(true)
    expect(canUseTemplate(v10, bio(2, '8'))).toBe(false)
    const silent = deviceCapabilities({}, {})
    expect(canUseTemplate(silent, fp('oco'))).toBe(true)
    expect(canUseTemplate(silent, bio(9, '40'))).toBe(true)
    const face = deviceCapabilities(
      { MultiBioDataSupport: '0:0:1', MultiBioVersion: '0:0:8.0' },
      {},
    )
    expect(canUseTemplate(face, bio(2, '8'))).toBe(true)
    expect(canUseTemplate(face, bio(2, '7'))).toBe(false)
    expect(canUseTemplate(face, bio(1, '10'))).toBe(false)
  })

  it('sends AS608 fingerprints only to terminals that report the AS608 format, and nothing else to them', () => {
    const as608 = fp('QVM2MDgAAwEE')
    const pi = deviceCapabilities(
      {},
      { info: { firmware: 'Webroster-Terminal', fpAlgorithm: 'AS608' } },
    )
    expect(pi).toMatchObject({ fpFormat: 'as608', reported: true })
    expect(pi.fpVersion).toBeUndefined()
    expect(canUseTemplate(pi, as608)).toBe(true)
    expect(canUseTemplate(pi, { ...as608, kind: 'biodata' as const, majorVer: '0' })).toBe(false)
    expect(canUseTemplate(pi, fp('TUzIx'))).toBe(false)
    expect(canUseTemplate(pi, fp('V0VCUk9T'))).toBe(false)
    expect(canUseTemplate(pi, bio(2, '8'))).toBe(false)
    for (const other of [{ FPVersion: '10' }, {}]) {
      expect(canUseTemplate(deviceCapabilities(other, {}), as608)).toBe(false)
    }
    expect(deviceCapabilities({}, { info: { fpAlgorithm: '10' } }).fpVersion).toBe(10)
  })
})
