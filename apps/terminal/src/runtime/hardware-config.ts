import type { TerminalConfig } from '../config/terminal-config'
import type { HardwareConfig } from '../hardware/create-hardware'

/** The hardware layer's settings, taken from the terminal config. */
export function hardwareConfigFrom(config: TerminalConfig): HardwareConfig {
  return {
    kind: config.hardware,
    pins: {
      green: config.pins.greenLed,
      red: config.pins.redLed,
      status: config.pins.statusLed,
      buzzer: config.pins.buzzer,
    },
    activeLow: { leds: config.activeLow, buzzer: config.activeLow },
    i2cBus: config.i2c.bus,
    pn532Address: config.i2c.address,
    display: config.display,
    ...(config.fingerprint.port === ''
      ? {}
      : {
          fingerprint: {
            port: config.fingerprint.port,
            baudRate: config.fingerprint.baudRate,
            address: config.fingerprint.address,
            password: config.fingerprint.password,
          },
        }),
  }
}
