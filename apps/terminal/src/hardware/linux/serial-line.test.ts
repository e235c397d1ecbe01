import { SerialPortMock } from 'serialport'
import { afterEach, describe, expect, it } from 'vitest'
import { serialLineOver } from './serial-line'

const PATH = '/dev/ROBOT'

afterEach(() => {
  SerialPortMock.binding.reset()
})

/** node-serialport's own mock binding: the adapter meets the real stream API, not a double of ours. */
async function openMock() {
  SerialPortMock.binding.createPort(PATH, { record: true })
  const port = new SerialPortMock({ path: PATH, baudRate: 57_600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())))
  return port
}

describe('serialLineOver', () => {
  it('writes bytes through the port and hands received bytes to the listener', async () => {
    const port = await openMock()
    const line = serialLineOver(port)
    const got: number[] = []
    line.onData((chunk) => got.push(...chunk))
    await line.write(Uint8Array.of(0xef, 0x01, 0xff))
    expect([...(port.port?.recording ?? [])]).toEqual([0xef, 0x01, 0xff])
    port.port?.emitData(Buffer.from([0x07, 0x00]))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(got).toEqual([0x07, 0x00])
    await line.close()
    expect(port.isOpen).toBe(false)
    await expect(line.write(Uint8Array.of(1))).rejects.toThrow(/closed/)
  })
})
