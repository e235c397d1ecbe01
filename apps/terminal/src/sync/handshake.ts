import { parseHandshakeReply } from '@webroster/protocol'
import type { DeviceClock } from '../clock/device-clock'
import type { Store } from '../store/store'
import type { AdmsClient } from './adms-client'
import { storeHandshakeOptions } from './sync-settings'
import { UploadRefusedError } from './upload-reply'

/** `registered`: an option block came back; `pending`: the server knows us but hands out nothing. */
export type HandshakeOutcome = 'registered' | 'pending'

/**
 * Sends the handshake and applies its answer: options stored, clock set from `Date` and, when the
 * block names one, `TimeZone`. A plain `OK` (or `UNKNOWN Device`) means not admitted yet: nothing
 * is stored and the caller retries later, keeping every punch.
 */
export async function performHandshake(
  client: AdmsClient,
  store: Store,
  clock: Pick<DeviceClock, 'applyServerTime'>,
  signal?: AbortSignal,
): Promise<HandshakeOutcome> {
  const reply = await client.handshake(signal)
  if (reply.status !== 200) throw new UploadRefusedError(`handshake: HTTP ${reply.status}`)
  if (!/^\s*GET OPTION FROM:/i.test(reply.body)) {
    clock.applyServerTime(reply.date)
    return 'pending'
  }
  const options = parseHandshakeReply(reply.body)
  storeHandshakeOptions(store, options)
  const zone = /^TimeZone=(.*)$/im.exec(reply.body)?.[1]?.trim()
  clock.applyServerTime(reply.date, zone)
  return 'registered'
}
