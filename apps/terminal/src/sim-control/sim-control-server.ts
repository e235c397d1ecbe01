import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { formatOperlogRecord } from '@webroster/protocol'
import { isSimHardware } from '../hardware/create-hardware'
import type { TerminalContext } from '../runtime/terminal'
import { scanCredential, text } from './scan-credential'
import { simTemplate } from './sim-template'
import { terminalState } from './state'

const MAX_BODY = 64 * 1024

export interface SimControl {
  readonly port: number
  close(): Promise<void>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new HttpError(413, 'body too large')
    chunks.push(chunk as Buffer)
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {}
  throw new HttpError(400, 'body must be a JSON object')
}

/** Runs the real punch flow, which also nudges the sync loop after an accepted punch. */
function scan(context: TerminalContext, body: Record<string, unknown>) {
  const credential = scanCredential(body)
  if (typeof credential === 'string') throw new HttpError(400, credential)
  return context.flow.handle(credential)
}

function enroll(context: TerminalContext, body: Record<string, unknown>) {
  const pin = text(body.pin)
  const finger = body.finger === undefined ? 0 : Number(body.finger)
  if (pin === undefined || !/^[A-Za-z0-9]{1,24}$/.test(pin)) {
    throw new HttpError(400, 'pin must be 1-24 letters or digits')
  }
  if (!Number.isInteger(finger) || finger < 0 || finger > 9) {
    throw new HttpError(400, 'finger must be 0-9')
  }
  const template = simTemplate(pin, finger)
  const line = formatOperlogRecord({
    kind: 'FP',
    pin,
    fid: finger,
    size: template.length,
    valid: 1,
    template,
  })
  context.store.transaction(() => {
    context.store.upsertTemplate({ pin, kind: 'fp', no: finger, template })
    context.store.addOplog('FP', line)
  })
  context.notifyPunch()
  return { pin, finger, size: template.length }
}

/** Rests a finger on the simulated fingerprint sensor (`{ "finger": "ana-right-index" }`) or lifts it (`null`). */
function finger(context: TerminalContext, body: Record<string, unknown>) {
  const sensor = isSimHardware(context.hardware) ? context.hardware.fingerprint : undefined
  if (!sensor) throw new HttpError(409, 'this terminal has no simulated fingerprint sensor')
  const id = body.finger === null ? null : text(body.finger)
  if (id === undefined) throw new HttpError(400, 'finger must be a name, or null to lift it')
  sensor.place(id)
  return sensor.snapshot()
}

/**
 * Starts the loopback-only control API of the simulated terminal (`POST /scan`, `POST /enroll`,
 * `POST /finger`, `GET /state`). `getContext` is read per request, so it follows soft reboots.
 */
export function startSimControl(
  port: number,
  getContext: () => TerminalContext | undefined,
): Promise<SimControl> {
  const handle = async (req: IncomingMessage) => {
    const context = getContext()
    if (!context) throw new HttpError(503, 'terminal is not running')
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`
    switch (route) {
      case 'POST /scan':
        return scan(context, await readJson(req))
      case 'POST /enroll':
        return enroll(context, await readJson(req))
      case 'POST /finger':
        return finger(context, await readJson(req))
      case 'GET /state':
        return terminalState(context)
      default:
        throw new HttpError(404, `no route ${route}`)
    }
  }
  const server = createServer((req, res) => {
    handle(req).then(
      (body) => send(res, 200, body),
      (error: unknown) =>
        send(res, error instanceof HttpError ? error.status : 500, {
          error: error instanceof Error ? error.message : String(error),
        }),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  })
  res.end(json)
}
