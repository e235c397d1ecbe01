import { parseDeviceCmdBody } from '@webroster/protocol'
import type { CommandResultInput } from '../commands'
import { decodeBodyText } from '../ingest/body-text'
import {
  type AdmissionDeps,
  type DeviceCall,
  deviceFor,
  type IclockDeps,
  isAccess,
} from './device-call'
import { deviceReply, notStoredReply } from './reply'

/** Longest GetFile/Shell content kept in a command's result */
const MAX_CONTENT = 64 * 1024

/**
 * `POST /iclock/devicecmd`: command results, correlated by ID and serial; INFO replies also update the device.
 * Unknown ids are ignored, but the reply is still `OK` so the device stops re-sending them.
 */
export async function deviceCmd(
  deps: AdmissionDeps & Pick<IclockDeps, 'commands' | 'ingest' | 'log'>,
  call: DeviceCall,
  sn: string,
  body: Uint8Array,
): Promise<Response> {
  const { now } = call
  const { row, admission } = await deviceFor(deps, call, sn)
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
  const updated = await deps.commands.recordResults(
    sn,
    results,
    isAccess(call.req, row, call.request.headers) ? 'acc' : 'att',
  )
  const info = parsed.records.find((r) => r.info)?.info
  if (info) {
    await deps.devices.mergeOptions(sn, info, info.FWVersion)
  }
  await deps.ingest.reject(sn, 'devicecmd', parsed.rejected)
  deps.log.info('command results', {
    sn,
    results: results.length,
    matched: updated.length,
    rejected: parsed.rejected.length,
  })
  return deviceReply('OK', now)
}
