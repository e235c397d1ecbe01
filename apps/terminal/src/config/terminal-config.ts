import type { LogLevel } from '@webroster/log'
import type { PunchStateRule } from './punch-state-rule'

export type { LogLevel }
export type HardwareKind = 'sim' | 'linux'
export type DisplayKind = 'none' | 'ssd1306' | 'hd44780'

/** Everything the terminal reads at start-up, validated. */
export interface TerminalConfig {
  sn: string
  serverUrl: string
  hardware: HardwareKind
  dataDir: string
  /** Loopback control API port (sim only); undefined means off. */
  simControlPort: number | undefined
  /** IANA zone for punch times and the display. */
  timeZone: string
  /** Whether `timeZone` was configured (otherwise the server's TimeZone may override it). */
  timeZoneExplicit: boolean
  /** The same credential again within this window is not a second punch. */
  duplicateWindowSeconds: number
  punchState: PunchStateRule
  /** BCM GPIO numbers. */
  pins: { greenLed: number; redLed: number; statusLed: number; buzzer: number }
  activeLow: boolean
  i2c: { bus: number; address: number }
  /** The optional display on I2C (an SSD1306 OLED or an HD44780 LCD behind a PCF8574). */
  display: { kind: DisplayKind; bus: number; address: number }
  /** The AS608 / R30x fingerprint sensor's UART, and how enrolment at the terminal runs. */
  fingerprint: FingerprintConfig
  /** argv run by a hard reboot on real devices; undefined means soft reboot only. */
  rebootCommand: readonly string[] | undefined
  requestTimeoutMs: number
  /** Most records per upload request. */
  batchCap: number
  sensorPollMs: number
  logLevel: LogLevel
}

/** Fingerprint sensor settings; an empty `port` means the terminal has none. */
export interface FingerprintConfig {
  /** Serial device, e.g. /dev/serial0 (the header UART) or /dev/ttyUSB0; '' for none; 'sim' simulated. */
  port: string
  baudRate: number
  /** The sensor's 32-bit address and password (both factory defaults unless someone set them). */
  address: number
  password: number
  /** Images taken per enrolment (2, or 3 for a checked template). */
  captures: 2 | 3
  /** How long each enrolment step waits for the finger. */
  enrolStepSeconds: number
}
