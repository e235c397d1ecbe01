/** The identifiers devices and people carry: PINs, serial numbers, card numbers. */
export { cardFromUid, formatCardHex, parseCardNumber } from './card'
export { isSerialNumber, PIN_PATTERN, SERIAL_PATTERN } from './identifiers'
export { serialFromMac } from './serial'
