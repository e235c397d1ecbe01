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

  it('refuses private webhook receivers unless WEBHOOK_ALLOW_PRIVATE says true', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivate).toBe(false)
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toThrow(/true or false/)
  })
})
