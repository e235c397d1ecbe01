import { describe, expect, it } from 'vitest'
import { loadConfig } from './config'
import { ConfigError } from './errors'

describe('loadConfig', () => {
  it('opens the legacy listener only when LEGACY_PORT is set, on a port of its own', () => {
    expect(loadConfig({}).legacyPort).toBeUndefined()
    expect(loadConfig({ LEGACY_PORT: '8082' }).legacyPort).toBe(8082)
    expect(() => loadConfig({ LEGACY_PORT: '8081' })).toThrow(ConfigError)
    expect(() => loadConfig({ LEGACY_PORT: '8082', PORT: '8082' })).toThrow(/differ from PORT/)
    expect(() => loadConfig({ LEGACY_PORT: 'x' })).toThrow(ConfigError)
  })

  it('keeps every month of punches unless PUNCH_RETENTION_MONTHS says how many', () => {
    expect(loadConfig({}).punchRetentionMonths).toBe(0)
    expect(loadConfig({ PUNCH_RETENTION_MONTHS: '24' }).punchRetentionMonths).toBe(24)
    expect(() => loadConfig({ PUNCH_RETENTION_MONTHS: '-1' })).toThrow(ConfigError)
    expect(() => loadConfig({ PUNCH_RETENTION_MONTHS: 'two years' })).toThrow(ConfigError)
  })

  it('refuses private webhook receivers unless WEBHOOK_ALLOW_PRIVATE says true', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivate).toBe(false)
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toThrow(/true or false/)
  })

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges, none by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([])
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,192.0.2.7' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '::1',
      '192.0.2.7',
    ])
  })

  it('refuses a TRUSTED_PROXIES entry that is not an address or range, naming it', () => {
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/2', 'fd00::/129', '10.0.0.0/x']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: `127.0.0.1,${bad}` })).toThrow(ConfigError)
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(bad)
    }
  })

  it('bounds the pending devices and their lifetime', () => {
    expect(loadConfig({})).toMatchObject({ maxPendingDevices: 1000, pendingDeviceTtlHours: 168 })
    expect(() => loadConfig({ MAX_PENDING_DEVICES: '-1' })).toThrow(ConfigError)
    expect(() => loadConfig({ PENDING_DEVICE_TTL_HOURS: '0' })).toThrow(ConfigError)
  })
})
