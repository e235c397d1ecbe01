import { describe, expect, it } from 'vitest'
import { ConfigError, type ConfigSources, loadConfig } from './load-config'

const eth0 = {
  eth0: [
    {
      address: '192.168.1.20',
      netmask: '255.255.255.0',
      family: 'IPv4' as const,
      mac: 'b8:27:eb:1a:2b:3c',
      internal: false,
      cidr: '192.168.1.20/24',
    },
  ],
}

const sources = (over: Partial<ConfigSources> = {}): Partial<ConfigSources> => ({
  argv: [],
  env: {},
  readFile: () => {
    throw new Error('no file')
  },
  interfaces: () => eth0,
  hostTimeZone: () => 'UTC',
  ...over,
})

const problems = (over: Partial<ConfigSources>): readonly string[] => {
  try {
    loadConfig(sources(over))
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('has working defaults and derives the serial from the MAC', () => {
    const config = loadConfig(sources())
    expect(config).toMatchObject({
      sn: 'WBIO1A2B3C',
      serverUrl: 'http://127.0.0.1:8081',
      hardware: 'sim',
      dataDir: '.data/terminal-WBIO1A2B3C',
      simControlPort: undefined,
      timeZone: 'UTC',
      timeZoneExplicit: false,
      duplicateWindowSeconds: 60,
      punchState: { kind: 'fixed', status: 0 },
    })
  })

  it('reads the file and lets the environment win', () => {
    const file = {
      serverUrl: 'http://file:1',
      timeZone: 'America/Cancun',
      duplicateWindowSeconds: 5,
      punchState: {
        kind: 'time-of-day',
        slots: [
          { from: '12:00', status: 1 },
          { from: '06:00', status: 0 },
        ],
      },
      rebootCommand: ['sudo', '/sbin/reboot'],
      logLevel: 'warn',
    }
    const config = loadConfig(
      sources({
        argv: ['--config', 'terminal.json'],
        readFile: (path) => (path === 'terminal.json' ? JSON.stringify(file) : ''),
        env: {
          SERVER_URL: 'http://adms.local:8081/',
          TERMINAL_SN: 'SIM001',
          SIM_CONTROL_PORT: '0',
          LOG_LEVEL: 'debug',
        },
      }),
    )
    expect(config).toMatchObject({
      sn: 'SIM001',
      serverUrl: 'http://adms.local:8081',
      timeZone: 'America/Cancun',
      timeZoneExplicit: true,
      duplicateWindowSeconds: 5,
      simControlPort: 0,
      logLevel: 'debug',
      rebootCommand: ['sudo', '/sbin/reboot'],
      punchState: {
        kind: 'time-of-day',
        slots: [
          { from: '06:00', status: 0 },
          { from: '12:00', status: 1 },
        ],
      },
    })
  })

  it('reads the display: none by default, the usual address per kind, hex accepted', () => {
    expect(loadConfig(sources()).display).toEqual({ kind: 'none', bus: 1, address: 0x27 })
    expect(loadConfig(sources({ env: { TERMINAL_DISPLAY: 'ssd1306' } })).display).toEqual({
      kind: 'ssd1306',
      bus: 1,
      address: 0x3c,
    })
    const file = { i2c: { bus: 3 }, display: { kind: 'hd44780', address: '0x3F' } }
    const fromFile = loadConfig(
      sources({ argv: ['--config', 'c.json'], readFile: () => JSON.stringify(file) }),
    )
    expect(fromFile.display).toEqual({ kind: 'hd44780', bus: 3, address: 0x3f })
    const env = { TERMINAL_DISPLAY: 'hd44780', TERMINAL_DISPLAY_ADDRESS: '0x26' }
    expect(loadConfig(sources({ env })).display.address).toBe(0x26)
    expect(problems({ env: { TERMINAL_DISPLAY: 'tft' } })).toEqual([
      'display.kind must be one of none, ssd1306, hd44780, got "tft"',
    ])
  })

  it('lists every problem at once, naming nested keys', () => {
    const file = {
      timeZone: 'Mars/Base',
      duplicateWindowSeconds: -1,
      pins: { greenLed: 'x' },
      punchState: { kind: 'time-of-day', slots: [{ from: '25:00', status: 0 }] },
    }
    const found = problems({
      argv: ['--config=c.json'],
      readFile: () => JSON.stringify(file),
      env: { HARDWARE: 'gpio', SERVER_URL: 'ftp://x', LOG_LEVEL: 'loud' },
    })
    expect(found.join('\n')).toMatch(/hardware must be one of sim, linux/)
    expect(found.join('\n')).toMatch(/serverUrl/)
    expect(found.join('\n')).toMatch(/logLevel must be one of debug, info, warn, error/)
    expect(found.join('\n')).toMatch(/timeZone must be an IANA/)
    expect(found.join('\n')).toMatch(/duplicateWindowSeconds must be an integer/)
    expect(found.join('\n')).toMatch(/pins\.greenLed must be an integer/)
    expect(found.join('\n')).toMatch(/punchState\.slots\[0\]\.from must be 'HH:MM'/)
  })

  it('fails clearly instead of inventing a serial when there is no MAC and no override', () => {
    expect(problems({ interfaces: () => ({ lo: [] }) })).toEqual([
      expect.stringMatching(/cannot derive the serial number.*TERMINAL_SN/),
    ])
  })

  it('refuses the sim control port on real hardware and a broken config file', () => {
    expect(problems({ env: { HARDWARE: 'linux', SIM_CONTROL_PORT: '9000' } })).toEqual([
      expect.stringMatching(/SIM_CONTROL_PORT.*HARDWARE=sim/),
    ])
    expect(problems({ argv: ['--config', 'c.json'], readFile: () => '{' })[0]).toMatch(
      /cannot read config file c\.json/,
    )
  })

  it('reads the fingerprint sensor and matches its port to the hardware', () => {
    const file = (fingerprint: unknown) => ({
      argv: ['--config', 'c.json'],
      readFile: () => JSON.stringify({ fingerprint }),
    })
    expect(loadConfig(sources()).fingerprint).toEqual({
      port: '',
      baudRate: 57_600,
      address: 0xffffffff,
      password: 0,
      captures: 2,
      enrolStepSeconds: 20,
    })
    const linux = loadConfig(
      sources({
        env: { HARDWARE: 'linux' },
        ...file({ port: '/dev/serial0', captures: 3, password: 7 }),
      }),
    )
    expect(linux.fingerprint).toMatchObject({ port: '/dev/serial0', captures: 3, password: 7 })
    expect(loadConfig(sources(file({ port: 'sim' }))).fingerprint.port).toBe('sim')
    expect(problems(file({ port: '/dev/serial0', captures: 4 }))).toEqual([
      expect.stringMatching(/^fingerprint\.port must be "sim"/),
      expect.stringMatching(/^fingerprint\.captures must be an integer from 2 to 3/),
    ])
    expect(problems({ env: { HARDWARE: 'linux' }, ...file({ port: 'sim' }) })).toEqual([
      'fingerprint.port "sim" is only allowed with HARDWARE=sim',
    ])
  })
})
