import type { PromisifiedBus } from 'i2c-bus'

/**
 * The slice of i2c-bus's PromisifiedBus the PN532 driver uses (declared once, in i2c-bus.d.ts),
 * so tests can plug in an emulated device. Errors carry the errno `code` (ENOENT, EREMOTEIO,
 * EIO…) like i2c-bus's do.
 */
export type I2cBus = PromisifiedBus

/**
 * Opens /dev/i2c-<bus> through i2c-bus. Dynamic so the nan addon loads only on the device under
 * Node. It resolves even when the device node is missing: the first transfer fails, so probe.
 */
export async function openI2cBus(bus: number): Promise<I2cBus> {
  const i2c = await import('i2c-bus')
  return i2c.openPromisified(bus)
}
