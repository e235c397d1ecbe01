/**
 * A byte pipe to a serial device, the part of node-serialport the fingerprint driver uses, so tests
 * can plug in an emulated sensor. Writes reject when the port is gone (an unplugged USB adapter).
 */
export interface SerialLine {
  write(bytes: Uint8Array): Promise<void>
  /** Sets the one receiver of incoming bytes. */
  onData(listener: (chunk: Uint8Array) => void): void
  close(): Promise<void>
}

export type SerialLineOptions = { path: string; baudRate: number }

/**
 * Opens a serial port through `serialport`. The import is dynamic so the native binding loads only
 * with HARDWARE=linux; sim and test runs never touch it. 8N1 without flow control, as the AS608's
 * UART speaks.
 */
export async function openSerialLine(options: SerialLineOptions): Promise<SerialLine> {
  const { SerialPort } = await import('serialport')
  const port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false })
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()))
  })
  return serialLineOver(port)
}

/** The shape of a node-serialport stream (SerialPort or SerialPortMock) the adapter needs. */
export interface SerialPortStream {
  readonly isOpen: boolean
  write(data: Uint8Array, callback: (error: Error | null | undefined) => void): boolean
  drain(callback: (error: Error | null) => void): void
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  close(callback: (error: Error | null) => void): void
}

/** Adapts an open node-serialport stream to a SerialLine. */
export function serialLineOver(port: SerialPortStream): SerialLine {
  let listener: (chunk: Uint8Array) => void = () => {}
  let failure: Error | undefined
  port.on('data', (chunk) => listener(new Uint8Array(chunk)))
  // A read error (the adapter vanished) would otherwise be an unhandled 'error' event.
  port.on('error', (error) => {
    failure = error
  })
  return {
    async write(bytes) {
      if (failure) throw failure
      if (!port.isOpen) throw new Error('serial port is closed')
      await new Promise<void>((resolve, reject) => {
        port.write(bytes, (error) => (error ? reject(error) : undefined))
        // drain waits until the bytes left the buffer, so a reply timeout starts after sending.
        port.drain((error) => (error ? reject(error) : resolve()))
      })
    },
    onData(next) {
      listener = next
    },
    async close() {
      if (!port.isOpen) return
      await new Promise<void>((resolve, reject) => {
        port.close((error) => (error ? reject(error) : resolve()))
      })
    },
  }
}
