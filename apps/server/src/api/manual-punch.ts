import { isTimeZone } from '@webroster/protocol'
import { and, eq } from 'drizzle-orm'
import { Elysia, t } from 'elysia'
import { devices, people, punches } from '../db/schema'
import { ValidationError } from '../errors'
import type { Services } from '../services'
import { publicPunch } from './punch-words'
import { instantOf, PUNCH_TIME, parseTimeInput, wallClockOf } from './time-input'
import type { WithPrincipal } from './with-principal'

/** `punches.sn` of a manual punch not tied to a terminal (no device uses this serial number). */
export const MANUAL_SN = 'manual'
/** Verify code stored for manual punches: 200 is "other" in the protocol's verify table. */
export const MANUAL_VERIFY = 200

function checkZone(zone: string): string {
  if (!isTimeZone(zone)) throw new ValidationError(`unknown time zone: ${zone}`)
  return zone
}

/** Reads `time` as a wall-clock time in `zone` or as an ISO instant; returns both forms. */
function resolveTime(time: string, zone: string): { localTime: string; punchedAt: Date } {
  const input = parseTimeInput(time, 'time', PUNCH_TIME)
  return { localTime: wallClockOf(input, zone), punchedAt: instantOf(input, zone) }
}

/** POST /api/attendance: a punch entered by hand (forgotten badge, broken terminal). */
export function manualPunchRoutes(services: Services) {
  const { db } = services
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'manual-punch-routes',
    prefix: '/attendance',
  }).post(
    '/',
    async ({ body, principal, set }) => {
      const [person] = await db
        .select({ pin: people.pin })
        .from(people)
        .where(eq(people.pin, body.pin))
      if (!person) throw new ValidationError(`unknown person PIN ${body.pin}`)
      let zone = body.timeZone ? checkZone(body.timeZone) : undefined
      if (body.sn !== undefined) {
        const [device] = await db
          .select({ timeZone: devices.timeZone })
          .from(devices)
          .where(eq(devices.sn, body.sn))
        if (!device) throw new ValidationError(`unknown device ${body.sn}`)
        zone ??= device.timeZone ?? undefined
      }
      const { localTime, punchedAt } = resolveTime(
        body.time,
        zone ?? services.config.defaultTimeZone,
      )
      const key = { sn: body.sn ?? MANUAL_SN, pin: body.pin, localTime, status: body.status ?? 0 }
      const [inserted] = await db
        .insert(punches)
        .values({
          ...key,
          punchedAt,
          verify: MANUAL_VERIFY,
          workCode: body.workCode ?? '',
          source: 'manual',
          createdBy: principal.name,
          note: body.note ?? null,
        })
        .onConflictDoNothing()
        .returning()
      if (inserted) {
        set.status = 201
        return { created: true, punch: publicPunch(inserted) }
      }
      // Same device, PIN, wall-clock time and state: the punch exists already (a retried request).
      const [existing] = await db
        .select()
        .from(punches)
        .where(
          and(
            eq(punches.sn, key.sn),
            eq(punches.pin, key.pin),
            eq(punches.localTime, key.localTime),
            eq(punches.status, key.status),
          ),
        )
      if (!existing) throw new Error('punch conflicted but is not there')
      return { created: false, punch: publicPunch(existing) }
    },
    {
      body: t.Object({
        pin: t.String({ minLength: 1, maxLength: 24 }),
        sn: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
        time: t.String({
          description:
            "'YYYY-MM-DD HH:MM:SS' in timeZone (default: the device's, else the server's), or an ISO instant",
        }),
        timeZone: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
        status: t.Optional(
          t.Integer({
            minimum: 0,
            maximum: 255,
            description: 'punch state: 0 check-in (default) … 255 none',
          }),
        ),
        workCode: t.Optional(t.String({ maxLength: 32 })),
        note: t.Optional(t.String({ maxLength: 500 })),
      }),
      detail: {
        tags: ['attendance'],
        summary: 'Add a manual punch',
        description:
          "Stored with source 'manual' and created_by = the caller; without `sn` it is filed under the " +
          "reserved device 'manual'. Idempotent on (device, PIN, local time, state): a repeat answers 200 " +
          'with `created: false`.',
      },
    },
  )
}
