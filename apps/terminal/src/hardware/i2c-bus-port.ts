import type { Buffer } from 'node:buffer'

/**
 * The slice of i2c-bus's PromisifiedBus the PN532 driver uses, so tests can plug in an emulated
 * device. Errors carry the errno `code` (ENOENT, EREMOTEIO, EIO…) like i2c-bus's do.
 */
export interface I2cBus {
  i2cRead(
    address: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesRead: number; buffer: Buffer }>
  i2cWrite(
    address: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesWritten: number; buffer: Buffer }>
  close(): Promise<void>
}

/**
 * Opens /dev/i2c-<bus> through i2c-bus. Dynamic so the nan addon loads only on the device under
 * Node. It resolves even when the device node is missing: the first transfer fails, so probe.
 */
export async function openI2cBus(bus: number): Promise<I2cBus> {
  const i2c = await import('i2c-bus')
  return i2c.openPromisified(bus)
}
