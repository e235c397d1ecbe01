// i2c-bus ships no types; this declares only what openI2cBus and the PN532 driver use.
declare module 'i2c-bus' {
  import type { Buffer } from 'node:buffer'

  interface PromisifiedBus {
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

  function openPromisified(
    busNumber: number,
    options?: { forceAccess?: boolean },
  ): Promise<PromisifiedBus>
}
