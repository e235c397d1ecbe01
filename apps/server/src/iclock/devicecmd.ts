import { parseDeviceCmdBody } from '@webroster/protocol'
import type { CommandResultInput } from '../commands'
import { storeRejected } from '../ingest/rejected-lines'
import { type DeviceCall, deviceFor, isAccess } from './device-call'
import { deviceReply, notStoredReply } from './reply'
import { decodeBodyText } from './request-body'

/** Longest GetFile/Shell content kept in a command's result */
const MAX_CONTENT = 64 * 1024

/**
 * `POST /iclock/devicecmd`: command results, correlated by ID and serial; INFO replies also update the device.
 * Unknown ids are ignored, but the reply is still `OK` so the device stops re-sending them.
 */
export async function deviceCmd(call: DeviceCall, sn: string, body: Uint8Array): Promise<Response> {
  const { services, now } = call
  const { row, admission } = await deviceFor(call, sn)
  if (admission !== 'admitted') return notStoredReply(call.request, now, 'not-admitted')
  const parsed = parseDeviceCmdBody(decodeBodyText(body))
  const results: CommandResultInput[] = parsed.records.map((r) => ({
    id: r.id,
    returnCode: r.returnCode,
    cmd: r.cmd,
    fields: {
      ...r.fields,
      ...(r.sn ? { sn: r.sn } : {}),
      ...(r.content !== undefined ? { content: r.content.slice(0, MAX_CONTENT) } : {}),
    },
  }))
  const updated = await services.commands.recordResults(
    sn,
    results,
    isAccess(call.req, row, call.request.headers) ? 'acc' : 'att',
  )
  const info = parsed.records.find((r) => r.info)?.info
  if (info) {
    await services.devices.mergeOptions(sn, info, info.FWVersion)
  }
  await storeRejected(services.db, sn, 'devicecmd', parsed.rejected)
  services.log.info('command results', {
    sn,
    results: results.length,
    matched: updated.length,
    rejected: parsed.rejected.length,
  })
  return deviceReply('OK', now)
}
