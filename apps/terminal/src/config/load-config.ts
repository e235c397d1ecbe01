import { readFileSync } from 'node:fs'
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os'
import { LOG_LEVELS } from '@webroster/log'
import { isTimeZone } from '@webroster/protocol'
import { ConfigReader, isRecord } from './config-reader'
import { readPunchStateRule } from './punch-state-config'
import { resolveSerialNumber } from './serial-number'
import type { DisplayKind, HardwareKind, LogLevel, TerminalConfig } from './terminal-config'

/** Where configuration comes from; every field defaults to the real process. */
export interface ConfigSources {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  readFile: (path: string) => string
  interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>
  hostTimeZone: () => string
}

/** Thrown with every problem found, one per line, so a bad config is fixed in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid terminal configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const defaultSources = (): ConfigSources => ({
  argv: process.argv.slice(2),
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  interfaces: networkInterfaces,
  hostTimeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
})

function configPath(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='))
  if (i < 0) return undefined
  const arg = argv[i] ?? ''
  const path = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1]
  if (!path) throw new ConfigError(['--config needs a file path'])
  return path
}

function readConfigFile(sources: ConfigSources): Record<string, unknown> {
  const path = configPath(sources.argv)
  if (path === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(sources.readFile(path))
  } catch (error) {
    throw new ConfigError([`cannot read config file ${path}: ${(error as Error).message}`])
  }
  if (!isRecord(parsed)) throw new ConfigError([`config file ${path} must hold a JSON object`])
  return parsed
}

/**
 * Reads the JSON file named by `--config` and the environment (which wins), validates all of it,
 * and derives the serial number. Throws ConfigError listing every problem.
 */
export function loadConfig(overrides: Partial<ConfigSources> = {}): TerminalConfig {
  const sources = { ...defaultSources(), ...overrides }
  const { env } = sources
  const c = new ConfigReader(readConfigFile(sources))

  const serverUrl = c.string('serverUrl', env.SERVER_URL, 'http://127.0.0.1:8081')
  if (!/^https?:\/\/[^/]+/.test(serverUrl) || !URL.canParse(serverUrl)) {
    c.fail('serverUrl', `(SERVER_URL) must be an http(s) URL, got ${JSON.stringify(serverUrl)}`)
  }
  const hardware = c.oneOf<HardwareKind>('hardware', env.HARDWARE, ['sim', 'linux'], 'sim')
  const simControlPort =
    env.SIM_CONTROL_PORT !== undefined || c.has('simControlPort')
      ? c.integer('simControlPort', env.SIM_CONTROL_PORT, 0, 0, 65535)
      : undefined
  if (simControlPort !== undefined && hardware !== 'sim') {
    c.fail('simControlPort', '(SIM_CONTROL_PORT) is only allowed with HARDWARE=sim')
  }
  const timeZoneExplicit = c.has('timeZone')
  const timeZone = c.string('timeZone', undefined, sources.hostTimeZone())
  if (!isTimeZone(timeZone)) {
    c.fail(
      'timeZone',
      `must be an IANA time zone such as America/Cancun, got ${JSON.stringify(timeZone)}`,
    )
  }
  const pins = c.nested('pins')
  const i2c = c.nested('i2c')
  const i2cBus = i2c.integer('bus', undefined, 1, 0, 255)
  const display = c.nested('display')
  const displayKind = display.oneOf<DisplayKind>(
    'kind',
    env.TERMINAL_DISPLAY,
    ['none', 'ssd1306', 'hd44780'],
    'none',
  )
  const fingerprint = c.nested('fingerprint')
  const rebootCommand = c.raw('rebootCommand')
  if (
    rebootCommand !== undefined &&
    (!Array.isArray(rebootCommand) ||
      rebootCommand.length === 0 ||
      !rebootCommand.every((a) => typeof a === 'string'))
  ) {
    c.fail(
      'rebootCommand',
      'must be a non-empty list of strings (argv), e.g. ["sudo", "/sbin/reboot"]',
    )
  }

  let sn = ''
  try {
    sn = resolveSerialNumber(
      env.TERMINAL_SN ?? stringOrUndefined(c.raw('sn')),
      sources.interfaces(),
    )
  } catch (error) {
    c.errors.push((error as Error).message)
  }

  const fingerprintPort = fingerprint.string('port', undefined, '')
  if ((fingerprintPort === 'sim') !== (hardware === 'sim') && fingerprintPort !== '') {
    fingerprint.fail(
      'port',
      hardware === 'sim'
        ? 'must be "sim" (or empty) with HARDWARE=sim'
        : '"sim" is only allowed with HARDWARE=sim',
    )
  }
  const config: TerminalConfig = {
    sn,
    serverUrl: serverUrl.replace(/\/+$/, ''),
    hardware,
    dataDir: c.string('dataDir', env.DATA_DIR, `.data/terminal-${sn}`),
    simControlPort,
    timeZone,
    timeZoneExplicit,
    duplicateWindowSeconds: c.integer('duplicateWindowSeconds', undefined, 60, 0, 86_400),
    punchState: readPunchStateRule(c),
    pins: {
      greenLed: pins.integer('greenLed', undefined, 17, 0, 1023),
      redLed: pins.integer('redLed', undefined, 27, 0, 1023),
      statusLed: pins.integer('statusLed', undefined, 22, 0, 1023),
      buzzer: pins.integer('buzzer', undefined, 18, 0, 1023),
    },
    activeLow: c.boolean('activeLow', false),
    i2c: {
      bus: i2cBus,
      address: i2c.integer('address', undefined, 0x24, 0x03, 0x77),
    },
    display: {
      kind: displayKind,
      // Usually the PN532's bus: both hang off the header's SDA/SCL.
      bus: display.integer('bus', undefined, i2cBus, 0, 255),
      address: display.integer(
        'address',
        hexToDecimal(env.TERMINAL_DISPLAY_ADDRESS ?? display.raw('address')),
        DISPLAY_ADDRESS[displayKind],
        0x03,
        0x77,
      ),
    },
    fingerprint: {
      port: fingerprintPort,
      baudRate: fingerprint.integer('baudRate', undefined, 57_600, 9600, 115_200),
      address: fingerprint.integer('address', undefined, 0xffffffff, 0, 0xffffffff),
      password: fingerprint.integer('password', undefined, 0, 0, 0xffffffff),
      captures: fingerprint.integer('captures', undefined, 2, 2, 3) === 3 ? 3 : 2,
      enrolStepSeconds: fingerprint.integer('enrolStepSeconds', undefined, 20, 1, 300),
    },
    rebootCommand: Array.isArray(rebootCommand) ? (rebootCommand as string[]) : undefined,
    requestTimeoutMs: c.integer('requestTimeoutMs', undefined, 10_000, 100, 300_000),
    batchCap: c.integer('batchCap', undefined, 500, 1, 10_000),
    sensorPollMs: c.integer('sensorPollMs', undefined, 100, 10, 10_000),
    logLevel: c.oneOf<LogLevel>('logLevel', env.LOG_LEVEL, LOG_LEVELS, 'info'),
  }
  if (c.errors.length > 0) throw new ConfigError(c.errors)
  return config
}

/** Where each display usually answers: an SSD1306 module at 0x3C, a PCF8574 backpack at 0x27. */
const DISPLAY_ADDRESS: Record<DisplayKind, number> = { none: 0x27, ssd1306: 0x3c, hd44780: 0x27 }

/** Addresses are printed in hex (`i2cdetect`, datasheets): `0x3c` is accepted as well as 60. */
function hexToDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') return undefined
  return /^0x[0-9a-f]+$/i.test(value.trim()) ? String(Number.parseInt(value, 16)) : value
}

const stringOrUndefined = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : undefined
