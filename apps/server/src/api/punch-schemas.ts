import { t } from 'elysia'
import { Instant, nullable } from './page-query'

/** A punch as the API shows it (`publicPunch`): the device's record, with its state and verify mode in words. */
export const PunchSchema = t.Object({
  id: t.Integer(),
  sn: t.String({ description: 'the device, or `manual` for a punch entered without one' }),
  pin: t.String(),
  localTime: t.String({ description: 'device wall clock as sent, `YYYY-MM-DD HH:MM:SS`' }),
  punchedAt: Instant,
  status: t.Integer({ description: 'punch state code' }),
  state: t.String({ description: 'the state in words (check-in, check-out, …)' }),
  verify: t.Integer({ description: 'verify mode code' }),
  verifyMode: t.String({ description: 'the verify mode in words (fingerprint, card, …)' }),
  workCode: t.String(),
  source: t.Union([t.Literal('device'), t.Literal('manual'), t.Literal('correction')]),
  createdBy: nullable(t.String()),
  note: nullable(t.String()),
})

/** A punch in the attendance list: the person's name, the correction it came from or that replaced it. */
export const ListedPunchSchema = t.Object({
  ...PunchSchema.properties,
  personName: nullable(t.String()),
  unknownPerson: t.Boolean({
    description: "the PIN belongs to no person, so the punch counts for nobody's timesheet",
  }),
  corrects: nullable(
    t.Object(
      { punchId: t.Integer(), reason: t.String() },
      { description: "this row is a correction's new version of that punch" },
    ),
  ),
  correctedBy: nullable(
    t.Object(
      {
        action: t.Union([t.Literal('edit'), t.Literal('void')]),
        replacementId: nullable(t.Integer()),
        reason: t.String(),
      },
      { description: 'listed with `includeCorrected`: the correction that replaced or voided it' },
    ),
  ),
  extra: nullable(
    t.Record(t.String(), t.String(), {
      description: 'fields beyond the first five (mask flag, temperature, …)',
    }),
  ),
  receivedAt: Instant,
})

/** A correction of a punch: what was done, why and by whom. */
export const CorrectionSchema = t.Object({
  id: t.Integer(),
  punchId: t.Integer({ description: 'the version corrected' }),
  action: t.Union([t.Literal('edit'), t.Literal('void')]),
  replacementId: nullable(t.Integer({ description: 'edit: the new version' })),
  reason: t.String(),
  createdBy: t.String(),
  createdAt: Instant,
})
