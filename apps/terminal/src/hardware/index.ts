export { uidHexFromCardNumber, uidToHex } from './card-number'
export {
  createHardware,
  type HardwareConfig,
  type HardwareDeps,
  isSimHardware,
} from './create-hardware'
export { createFeedback, type Feedback } from './feedback'
export {
  BUZZER_PATTERNS,
  type FeedbackEvent,
  LED_MODES,
  type LedMode,
  type Pattern,
  patternDuration,
  RESULT_FLASH,
} from './feedback-patterns'
export {
  type GpioChip,
  HEADER_CHIP_LABELS,
  listGpioChips,
  pickHeaderChip,
  resolveGpioNumber,
} from './gpio-chip'
export { createGpioDigitalOut, type GpioLine, type Level } from './gpio-digital-out'
export type { I2cBus } from './i2c-bus-port'
export { createPatternPlayer, type PatternPlayer } from './pattern-player'
export { createPn532, type FirmwareVersion, PN532_I2C_ADDRESS, type Pn532 } from './pn532'
export {
  Pn532ApplicationError,
  Pn532ChecksumError,
  Pn532Error,
  Pn532FrameError,
  Pn532NackError,
  Pn532TimeoutError,
} from './pn532-errors'
export { createPn532Sensor, type Pn532Sensor } from './pn532-sensor'
export type { Credential, CredentialSensor, DigitalOut, Hardware } from './ports'
export type { SimOutputState } from './sim-digital-out'
export type { SimHardware, SimHardwareState } from './sim-hardware'
export type { SimSensor } from './sim-sensor'
export { systemTimer, type Timer } from './timer'
