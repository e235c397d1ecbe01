import type { AttlogRecord } from '@webroster/protocol'

const encoder = new TextEncoder()

/** Serial number of simulated terminal `i` (distinct from any real vendor prefix). */
export function terminalSerial(i: number): string {
  return `BENCH${String(i).padStart(6, '0')}`
}

function head(method: string, path: string): string {
  // the header set attendance firmware sends, minus `Connection: close` (we keep connections alive)
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: iClock Proxy/1.09\r\nAccept: */*\r\n`
}

/** `GET /iclock/cdata?…&options=all`: the handshake that makes a terminal known. */
export function handshakeRequest(sn: string): Uint8Array {
  return encoder.encode(
    `${head('GET', `/iclock/cdata?SN=${sn}&options=all&pushver=2.4.1&language=69&DeviceType=att`)}\r\n`,
  )
}

/** `GET /iclock/getrequest?SN=…`: the heartbeat poll. */
export function pollRequest(sn: string): Uint8Array {
  return encoder.encode(`${head('GET', `/iclock/getrequest?SN=${sn}`)}\r\n`)
}

/** `GET /` for the bare HTTP ceiling server. */
export function plainRequest(): Uint8Array {
  return encoder.encode(`${head('GET', '/')}\r\n`)
}

/** `POST /iclock/cdata?…&table=ATTLOG&Stamp=9999` with no Content-Type, as firmware sends it. */
export function attlogRequest(sn: string, body: string): Uint8Array {
  const bytes = encoder.encode(body)
  const header = encoder.encode(
    `${head('POST', `/iclock/cdata?SN=${sn}&table=ATTLOG&Stamp=9999`)}Content-Length: ${bytes.length}\r\n\r\n`,
  )
  const out = new Uint8Array(header.length + bytes.length)
  out.set(header)
  out.set(bytes, header.length)
  return out
}

/** `YYYY-MM-DD HH:MM:SS` of a UTC epoch second, as a device wall clock. */
export function wallClock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n))
const dayCache = new Map<number, string>()

/** wallClock without a Date per call: the generator formats up to 500 of these per request. */
function fastWallClock(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / 86_400)
  let date = dayCache.get(day)
  if (date === undefined) {
    date = wallClock(day * 86_400).slice(0, 10)
    dayCache.set(day, date)
  }
  const s = epochSeconds - day * 86_400
  return `${date} ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
}

/**
 * The `n`-th punch of a terminal: the sequence number moves the time one second per punch, so
 * (sn, pin, time, status) never repeats and the dedupe index keeps every row.
 */
export function punch(baseEpoch: number, n: number): AttlogRecord {
  return {
    pin: String((n % 5000) + 1),
    time: fastWallClock(baseEpoch + n),
    status: 0,
    verify: 1,
    workCode: '0',
  }
}

/**
 * ATTLOG body of `count` punches from sequence number `seq`, in the 7-field shape firmware sends
 * (`formatAttlog` of the same records gives the same text; a test holds the two together).
 */
export function attlogBody(baseEpoch: number, seq: number, count: number): string {
  let body = ''
  for (let i = 0; i < count; i++) {
    const p = punch(baseEpoch, seq + i)
    body += `${p.pin}\t${p.time}\t0\t1\t0\t0\t0\n`
  }
  return body
}
