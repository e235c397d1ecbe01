/** A display that does not answer on its bus, with the one-line reason boot logs. */
export class DisplayError extends Error {
  override name = 'DisplayError'
}

/** `0x3c` for an address, as datasheets and `i2cdetect` print it. */
export const hexAddress = (address: number): string => `0x${address.toString(16).padStart(2, '0')}`

/** The errno code i2c-bus puts on a failed transfer (EREMOTEIO is a NACK: nothing at the address). */
export function i2cFailure(
  what: string,
  address: number,
  bus: number,
  error: unknown,
): DisplayError {
  const code = (error as { code?: unknown } | undefined)?.code
  const why =
    code === 'EREMOTEIO' || code === 'ENXIO'
      ? 'no device acknowledges that address (check wiring and the address, e.g. with i2cdetect)'
      : code === 'ENOENT'
        ? `/dev/i2c-${bus} does not exist (enable I2C: raspi-config, Interface Options)`
        : error instanceof Error
          ? error.message
          : String(error)
  return new DisplayError(`${what} at ${hexAddress(address)} on I2C bus ${bus}: ${why}`, {
    cause: error,
  })
}
