import { isTimeZone } from '@webroster/protocol'
import { t } from 'elysia'
import { ValidationError } from '../errors'
import type { PunchFilter } from '../punches'
import type { ApiDeps } from './deps'
import { rangeBound } from './time-input'

/** The filters the attendance list and the export share, in one schema so the two never drift apart. */
export const punchFilterQuery = {
  from: t.Optional(
    t.String({
      description:
        'ISO 8601: day (2026-12-01), month (2026-12), wall clock in timeZone (2026-12-01T08:00:00) or instant with Z/offset',
    }),
  ),
  to: t.Optional(
    t.String({
      description:
        'exclusive; a day or a month is included whole (to=2026-12: through 31 December)',
    }),
  ),
  timeZone: t.Optional(
    t.String({ description: 'IANA zone the bounds are read in; default: the server zone' }),
  ),
  group: t.Optional(t.String({ description: 'device group id or name: punches on its devices' })),
  sn: t.Optional(t.String({ maxLength: 64 })),
  pin: t.Optional(t.String({ maxLength: 24 })),
  unknownPerson: t.Optional(
    t.Boolean({ description: 'true: only punches of a PIN no person has (flagged rows)' }),
  ),
  includeCorrected: t.Optional(
    t.Boolean({ description: 'true: also the versions corrections replaced or voided' }),
  ),
}

export interface PunchFilterParams {
  from?: string
  to?: string
  timeZone?: string
  group?: string
  sn?: string
  pin?: string
  unknownPerson?: boolean
  includeCorrected?: boolean
}

/** The query's filters as the punches module takes them; bounds read in `timeZone` (a 400 for an unknown one). */
export async function punchFilterOf(
  query: PunchFilterParams,
  { people, defaultTimeZone }: Pick<ApiDeps, 'people' | 'defaultTimeZone'>,
): Promise<PunchFilter> {
  const zone = query.timeZone ?? defaultTimeZone
  if (!isTimeZone(zone)) throw new ValidationError(`unknown time zone: ${zone}`)
  return {
    ...(query.from ? { from: rangeBound(query.from, 'from', zone) } : {}),
    ...(query.to ? { to: rangeBound(query.to, 'to', zone) } : {}),
    ...(query.sn ? { sn: query.sn } : {}),
    ...(query.pin ? { pin: query.pin } : {}),
    ...(query.unknownPerson ? { unknownPerson: true } : {}),
    ...(query.includeCorrected ? { includeCorrected: true } : {}),
    ...(query.group ? { sns: await people.devicesOfGroup(query.group) } : {}),
  }
}
