import type { TerminalConfig } from '../terminal-config'

/** A complete sim config for tests; override what the test is about. */
export function testConfig(over: Partial<TerminalConfig> = {}): TerminalConfig {
  return {
    sn: 'TEST0001',
    serverUrl: 'http://127.0.0.1:1',
    hardware: 'sim',
    dataDir: '.data/test',
    simControlPort: undefined,
    timeZone: 'UTC',
    timeZoneExplicit: true,
    duplicateWindowSeconds: 60,
    punchState: { kind: 'fixed', status: 0 },
    pins: { greenLed: 17, redLed: 27, statusLed: 22, buzzer: 18 },
    activeLow: false,
    i2c: { bus: 1, address: 0x24 },
    display: { kind: 'none', bus: 1, address: 0x27 },
    fingerprint: {
      port: '',
      baudRate: 57_600,
      address: 0xffffffff,
      password: 0,
      captures: 2,
      enrolStepSeconds: 20,
    },
    rebootCommand: undefined,
    requestTimeoutMs: 1000,
    batchCap: 100,
    sensorPollMs: 20,
    logLevel: 'error',
    ...over,
  }
}
