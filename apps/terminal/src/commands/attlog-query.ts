import {
  type Field,
  fieldValue,
  normaliseWallClock,
  RETURN_BAD_PARAMETER,
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
  const start = normaliseWallClock(fieldValue(condition, 'StartTime') ?? '')
  const end = normaliseWallClock(fieldValue(condition, 'EndTime') ?? '')
  if (!start || !end || start > end) return { returnCode: RETURN_BAD_PARAMETER }
  const punches = deps.store.punchesBetween(start, end)
  if (punches.length > 0) await deps.uploadPunches(punches)
  return { returnCode: punches.length }
}
