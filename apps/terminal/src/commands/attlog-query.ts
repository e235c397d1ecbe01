import {
  commandField,
  type Field,
  normaliseDeviceTime,
  RETURN_BAD_PARAMETER,
  RETURN_NOT_SUPPORTED,
} from '@webroster/protocol'
import type { CommandDeps, Execution } from './command-deps'

/**
 * `DATA QUERY ATTLOG StartTime=\tEndTime=`: uploads the punches in that wall-clock range as ATTLOG
 * (the server deduplicates re-sent punches), then answers Return=<count>.
 */
export async function queryAttlog(
  deps: CommandDeps,
  condition: readonly Field[],
): Promise<Execution> {
  if (!deps.punchesBetween) return { returnCode: RETURN_NOT_SUPPORTED }
  const start = normaliseDeviceTime(commandField(condition, 'StartTime') ?? '')
  const end = normaliseDeviceTime(commandField(condition, 'EndTime') ?? '')
  if (!start || !end || start > end) return { returnCode: RETURN_BAD_PARAMETER }
  const punches = deps.punchesBetween(start, end)
  if (punches.length > 0) await deps.uploadPunches(punches)
  return { returnCode: punches.length }
}
