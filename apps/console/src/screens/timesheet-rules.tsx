import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { type ReactNode, useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { calendarDay, dateTime, dayIn, dayLabel, weekday } from '../i18n/dates'
import type { MessageKey } from '../i18n/en'
import { useI18n } from '../i18n/i18n'
import { Badge, Button, Card, Dialog, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'

type Shifts = Awaited<ReturnType<typeof loadShifts>>
type Shift = Shifts[number]
type ShiftBody = Omit<Shift, 'id'>
type Schedule = Awaited<ReturnType<typeof loadSchedules>>[number]
type ScheduleBody = Omit<Schedule, 'id'>

const loadShifts = () => ok(api().api.timesheets.shifts.get())
/** Schedules with their dates back as `YYYY-MM-DD` (see calendarDay): the editor sends them back as they are. */
const loadSchedules = () =>
  ok(api().api.timesheets.schedules.get()).then((list) =>
    list.map((s) => ({
      ...s,
      from: calendarDay(s.from),
      until: s.until === null ? null : calendarDay(s.until),
      pattern:
        s.pattern.kind === 'rotation'
          ? { ...s.pattern, anchor: calendarDay(s.pattern.anchor) }
          : s.pattern,
    })),
  )

/** A day shift as most offices run one: 09:00–17:00, an hour's unpaid break, five minutes' grace. */
const NEW_SHIFT: ShiftBody = {
  name: '',
  start: '09:00',
  end: '17:00',
  checkInOpensBefore: 120,
  checkInClosesAfter: 240,
  checkOutOpensBefore: 240,
  checkOutClosesAfter: 240,
  graceLateMinutes: 5,
  graceEarlyMinutes: 5,
  breakRule: { kind: 'fixed', minutes: 60 },
  fullDayMinutes: 420,
  halfDayMinutes: 210,
  pairing: 'first-last',
  overtimeAfterEnd: true,
  overtimeBeforeStart: false,
  minimumOvertimeMinutes: 30,
}

/** The rules pages re-read after a write: the lists here, and every timesheet (the worker recomputes). */
function useWrite<T>(fn: (input: T) => Promise<unknown>, done?: () => void) {
  const queries = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['timesheets'] })
      done?.()
    },
  })
}

function Help(props: { children: ReactNode }) {
  return <small className="muted help">{props.children}</small>
}

function MinutesField(props: {
  label: MessageKey
  help: MessageKey
  value: number
  onChange: (v: number) => void
}) {
  const { t } = useI18n()
  return (
    <Field label={t(props.label)}>
      <input
        type="number"
        min={0}
        max={10080}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
        required
      />
      <Help>{t(props.help)}</Help>
    </Field>
  )
}

function ShiftDialog(props: { shift: Shift | null; onClose: () => void }) {
  const { t } = useI18n()
  const { id: _id, ...initial } = props.shift ?? { id: 0, ...NEW_SHIFT }
  const [form, setForm] = useState<ShiftBody>(initial)
  const save = useWrite(
    (body: ShiftBody) =>
      props.shift
        ? ok(api().api.timesheets.shifts({ id: props.shift.id }).put(body))
        : ok(api().api.timesheets.shifts.post(body)),
    props.onClose,
  )
  const minutes = (k: keyof ShiftBody, label: MessageKey, help: MessageKey) => (
    <MinutesField
      label={label}
      help={help}
      value={form[k] as number}
      onChange={(v) => setForm({ ...form, [k]: v })}
    />
  )
  return (
    <Dialog
      title={props.shift ? t('rules.editShift') : t('rules.newShift')}
      onClose={props.onClose}
      wide
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(form)
        }}
      >
        <Field label={t('common.name')}>
          <input
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
            maxLength={100}
          />
        </Field>
        <div className="grid-2">
          <Field label={t('rules.start')}>
            <input
              type="time"
              value={form.start}
              onChange={(e) => setForm({ ...form, start: e.target.value })}
              required
            />
          </Field>
          <Field label={t('rules.end')}>
            <input
              type="time"
              value={form.end}
              onChange={(e) => setForm({ ...form, end: e.target.value })}
              required
            />
            <Help>{t('rules.endHelp')}</Help>
          </Field>
          {minutes(
            'checkInOpensBefore',
            'rules.checkInOpensBefore',
            'rules.checkInOpensBeforeHelp',
          )}
          {minutes(
            'checkInClosesAfter',
            'rules.checkInClosesAfter',
            'rules.checkInClosesAfterHelp',
          )}
          {minutes(
            'checkOutOpensBefore',
            'rules.checkOutOpensBefore',
            'rules.checkOutOpensBeforeHelp',
          )}
          {minutes(
            'checkOutClosesAfter',
            'rules.checkOutClosesAfter',
            'rules.checkOutClosesAfterHelp',
          )}
          {minutes('graceLateMinutes', 'rules.graceLate', 'rules.graceLateHelp')}
          {minutes('graceEarlyMinutes', 'rules.graceEarly', 'rules.graceEarlyHelp')}
          <Field label={t('rules.break')}>
            <select
              value={form.breakRule.kind}
              onChange={(e) =>
                setForm({
                  ...form,
                  breakRule:
                    e.target.value === 'pairs' ? { kind: 'pairs' } : { kind: 'fixed', minutes: 60 },
                })
              }
            >
              <option value="fixed">{t('rules.break.fixed')}</option>
              <option value="pairs">{t('rules.break.pairs')}</option>
            </select>
            <Help>{t('rules.breakHelp')}</Help>
          </Field>
          {form.breakRule.kind === 'fixed' ? (
            <MinutesField
              label="rules.breakMinutes"
              help="rules.breakMinutesHelp"
              value={form.breakRule.minutes}
              onChange={(v) => setForm({ ...form, breakRule: { kind: 'fixed', minutes: v } })}
            />
          ) : (
            <span />
          )}
          {minutes('fullDayMinutes', 'rules.fullDay', 'rules.fullDayHelp')}
          {minutes('halfDayMinutes', 'rules.halfDay', 'rules.halfDayHelp')}
          <Field label={t('rules.pairing')}>
            <select
              value={form.pairing}
              onChange={(e) =>
                setForm({ ...form, pairing: e.target.value === 'pairs' ? 'pairs' : 'first-last' })
              }
            >
              <option value="first-last">{t('rules.pairing.first-last')}</option>
              <option value="pairs">{t('rules.pairing.pairs')}</option>
            </select>
            <Help>{t('rules.pairingHelp')}</Help>
          </Field>
          {minutes('minimumOvertimeMinutes', 'rules.minimumOvertime', 'rules.minimumOvertimeHelp')}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.overtimeAfterEnd}
            onChange={(e) => setForm({ ...form, overtimeAfterEnd: e.target.checked })}
          />{' '}
          {t('rules.overtimeAfterEnd')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.overtimeBeforeStart}
            onChange={(e) => setForm({ ...form, overtimeBeforeStart: e.target.checked })}
          />{' '}
          {t('rules.overtimeBeforeStart')}
        </label>
        <ErrorText error={save.error} />
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Dialog>
  )
}

function ShiftsCard(props: { shifts: Shifts; mayEdit: boolean }) {
  const { t } = useI18n()
  const [editing, setEditing] = useState<Shift | 'new' | null>(null)
  const remove = useWrite((id: number) => ok(api().api.timesheets.shifts({ id }).delete()))
  return (
    <Card
      title={t('rules.shifts')}
      actions={
        props.mayEdit ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('rules.newShift')}
          </Button>
        ) : null
      }
    >
      <ErrorText error={remove.error} />
      {props.shifts.length === 0 ? (
        <Empty />
      ) : (
        <table className="table" data-testid="shifts">
          <thead>
            <tr>
              <th>{t('common.name')}</th>
              <th>{t('rules.hours')}</th>
              <th>{t('rules.break')}</th>
              <th>{t('rules.graceLate')}</th>
              <th>{t('rules.overtime')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.shifts.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td className="nowrap">
                  {s.start}–{s.end}
                  {s.end <= s.start ? (
                    <>
                      {' '}
                      <Badge tone="info">{t('rules.overnight')}</Badge>
                    </>
                  ) : null}
                </td>
                <td>
                  {s.breakRule.kind === 'fixed'
                    ? t('rules.minutesShort', { m: s.breakRule.minutes })
                    : t('rules.break.pairs')}
                </td>
                <td>{t('rules.minutesShort', { m: s.graceLateMinutes })}</td>
                <td className="small">
                  {[
                    s.overtimeBeforeStart ? t('rules.overtimeBefore') : '',
                    s.overtimeAfterEnd ? t('rules.overtimeAfter') : '',
                  ]
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
                <td className="right nowrap">
                  {props.mayEdit ? (
                    <EditDelete onEdit={() => setEditing(s)} onDelete={() => remove.mutate(s.id)} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <ShiftDialog shift={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  )
}

/** Monday to Sunday, in the locale (2024-01-01 was a Monday). */
const WEEK = ['01', '02', '03', '04', '05', '06', '07'].map((d) => `2024-01-${d}`)

function ShiftPick(props: {
  shifts: Shifts
  value: number | null
  onChange: (v: number | null) => void
  label: string
}) {
  const { t } = useI18n()
  return (
    <select
      aria-label={props.label}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">{t('rules.dayOff')}</option>
      {props.shifts.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  )
}

function ScheduleDialog(props: { schedule: Schedule | null; shifts: Shifts; onClose: () => void }) {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const first = props.shifts[0]?.id ?? null
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const { id: _id, ...initial } = props.schedule ?? {
    id: 0,
    target: { kind: 'everyone' as const },
    from: dayIn(timeZone),
    until: null,
    pattern: { kind: 'weekly' as const, days: [first, first, first, first, first, null, null] },
  }
  const [form, setForm] = useState<ScheduleBody>(initial)
  const save = useWrite(
    (body: ScheduleBody) =>
      props.schedule
        ? ok(api().api.timesheets.schedules({ id: props.schedule.id }).put(body))
        : ok(api().api.timesheets.schedules.post(body)),
    props.onClose,
  )
  const pattern = form.pattern
  return (
    <Dialog
      title={props.schedule ? t('rules.editSchedule') : t('rules.newSchedule')}
      onClose={props.onClose}
      wide
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(form)
        }}
      >
        <div className="grid-2">
          <Field label={t('rules.target')}>
            <select
              value={form.target.kind}
              onChange={(e) =>
                setForm({
                  ...form,
                  target:
                    e.target.value === 'person'
                      ? { kind: 'person', pin: '' }
                      : e.target.value === 'group'
                        ? { kind: 'group', group: String(groups.data?.[0]?.id ?? '') }
                        : { kind: 'everyone' },
                })
              }
            >
              <option value="everyone">{t('timesheets.everyone')}</option>
              <option value="group">{t('attendance.group')}</option>
              <option value="person">{t('rules.person')}</option>
            </select>
            <Help>{t('rules.targetHelp')}</Help>
          </Field>
          {form.target.kind === 'person' ? (
            <Field label={t('people.pin')}>
              <input
                value={form.target.pin}
                onChange={(e) =>
                  setForm({ ...form, target: { kind: 'person', pin: e.target.value } })
                }
                required
              />
            </Field>
          ) : form.target.kind === 'group' ? (
            <Field label={t('attendance.group')}>
              <select
                value={form.target.group}
                onChange={(e) =>
                  setForm({ ...form, target: { kind: 'group', group: e.target.value } })
                }
              >
                {(groups.data ?? []).map((g) => (
                  <option key={g.id} value={String(g.id)}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <span />
          )}
          <Field label={t('attendance.from')}>
            <input
              type="date"
              value={form.from}
              onChange={(e) => setForm({ ...form, from: e.target.value })}
              required
            />
          </Field>
          <Field label={t('rules.until')}>
            <input
              type="date"
              value={form.until ?? ''}
              onChange={(e) => setForm({ ...form, until: e.target.value || null })}
            />
            <Help>{t('rules.untilHelp')}</Help>
          </Field>
          <Field label={t('rules.pattern')}>
            <select
              value={pattern.kind}
              onChange={(e) =>
                setForm({
                  ...form,
                  pattern:
                    e.target.value === 'rotation'
                      ? { kind: 'rotation', anchor: form.from, cycle: [first, first, null, null] }
                      : { kind: 'weekly', days: [first, first, first, first, first, null, null] },
                })
              }
            >
              <option value="weekly">{t('rules.pattern.weekly')}</option>
              <option value="rotation">{t('rules.pattern.rotation')}</option>
            </select>
          </Field>
          {pattern.kind === 'rotation' ? (
            <Field label={t('rules.anchor')}>
              <input
                type="date"
                value={pattern.anchor}
                onChange={(e) =>
                  setForm({ ...form, pattern: { ...pattern, anchor: e.target.value } })
                }
                required
              />
              <Help>{t('rules.anchorHelp')}</Help>
            </Field>
          ) : (
            <span />
          )}
        </div>
        {pattern.kind === 'weekly' ? (
          <div className="week">
            {WEEK.map((d, i) => (
              <Field key={d} label={weekday(d, locale)}>
                <ShiftPick
                  shifts={props.shifts}
                  label={weekday(d, locale)}
                  value={pattern.days[i] ?? null}
                  onChange={(v) =>
                    setForm({
                      ...form,
                      pattern: {
                        kind: 'weekly',
                        days: pattern.days.map((x, j) => (j === i ? v : x)),
                      },
                    })
                  }
                />
              </Field>
            ))}
          </div>
        ) : (
          <div className="week">
            {pattern.cycle.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the position is what a cycle day is
              <Field key={`${i + 1}`} label={t('rules.cycleDay', { n: i + 1 })}>
                <ShiftPick
                  shifts={props.shifts}
                  label={t('rules.cycleDay', { n: i + 1 })}
                  value={v}
                  onChange={(next) =>
                    setForm({
                      ...form,
                      pattern: {
                        ...pattern,
                        cycle: pattern.cycle.map((x, j) => (j === i ? next : x)),
                      },
                    })
                  }
                />
              </Field>
            ))}
            <div className="row">
              <Button
                onClick={() =>
                  setForm({ ...form, pattern: { ...pattern, cycle: [...pattern.cycle, null] } })
                }
              >
                +
              </Button>
              <Button
                disabled={pattern.cycle.length <= 1}
                onClick={() =>
                  setForm({ ...form, pattern: { ...pattern, cycle: pattern.cycle.slice(0, -1) } })
                }
              >
                −
              </Button>
            </div>
          </div>
        )}
        <ErrorText error={save.error} />
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Dialog>
  )
}

function SchedulesCard(props: { shifts: Shifts; mayEdit: boolean }) {
  const { t, locale } = useI18n()
  const schedules = useQuery({ queryKey: ['timesheets', 'schedules'], queryFn: loadSchedules })
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null)
  const remove = useWrite((id: number) => ok(api().api.timesheets.schedules({ id }).delete()))
  const shiftName = new Map(props.shifts.map((s) => [s.id, s.name]))
  const groupName = new Map((groups.data ?? []).map((g) => [String(g.id), g.name]))
  const name = (id: number | null) => (id === null ? '—' : (shiftName.get(id) ?? `#${id}`))
  return (
    <Card
      title={t('rules.schedules')}
      actions={
        props.mayEdit ? (
          <Button
            variant="primary"
            disabled={props.shifts.length === 0}
            onClick={() => setEditing('new')}
          >
            {t('rules.newSchedule')}
          </Button>
        ) : null
      }
    >
      <ErrorText error={schedules.error ?? remove.error} />
      {!schedules.data ? (
        <Loading />
      ) : schedules.data.length === 0 ? (
        <Empty />
      ) : (
        <table className="table" data-testid="schedules">
          <thead>
            <tr>
              <th>{t('rules.target')}</th>
              <th>{t('attendance.from')}</th>
              <th>{t('rules.until')}</th>
              <th>{t('rules.pattern')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.data.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.target.kind === 'everyone'
                    ? t('timesheets.everyone')
                    : s.target.kind === 'group'
                      ? (groupName.get(s.target.group) ?? `#${s.target.group}`)
                      : `#${s.target.pin}`}
                </td>
                <td className="nowrap">{dayLabel(s.from, locale)}</td>
                <td className="nowrap">{s.until ? dayLabel(s.until, locale) : '—'}</td>
                <td className="small">
                  {s.pattern.kind === 'weekly'
                    ? s.pattern.days
                        .map((d, i) => `${weekday(WEEK[i] ?? '', locale)} ${name(d)}`)
                        .join(' · ')
                    : `${t('rules.pattern.rotation')}: ${s.pattern.cycle.map(name).join(' → ')}`}
                </td>
                <td className="right nowrap">
                  {props.mayEdit ? (
                    <EditDelete onEdit={() => setEditing(s)} onDelete={() => remove.mutate(s.id)} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <ScheduleDialog
          schedule={editing === 'new' ? null : editing}
          shifts={props.shifts}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  )
}

function HolidaysCard(props: { mayEdit: boolean }) {
  const { t, locale } = useI18n()
  const holidays = useQuery({
    queryKey: ['timesheets', 'holidays'],
    queryFn: () => ok(api().api.timesheets.holidays.get()),
  })
  const [draft, setDraft] = useState({ date: '', name: '', recurring: false })
  const add = useWrite(
    () => ok(api().api.timesheets.holidays.post(draft)),
    () => setDraft({ date: '', name: '', recurring: false }),
  )
  const remove = useWrite((id: number) => ok(api().api.timesheets.holidays({ id }).delete()))
  return (
    <Card title={t('rules.holidays')}>
      {props.mayEdit ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault()
            add.mutate(undefined)
          }}
        >
          <Field label={t('timesheets.date')}>
            <input
              type="date"
              value={draft.date}
              onChange={(e) => setDraft({ ...draft, date: e.target.value })}
              required
            />
          </Field>
          <Field label={t('common.name')}>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              required
              maxLength={100}
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.recurring}
              onChange={(e) => setDraft({ ...draft, recurring: e.target.checked })}
            />{' '}
            {t('rules.recurring')}
          </label>
          <Button type="submit" variant="primary" disabled={add.isPending}>
            {t('common.add')}
          </Button>
        </form>
      ) : null}
      <ErrorText error={holidays.error ?? add.error ?? remove.error} />
      {!holidays.data ? (
        <Loading />
      ) : holidays.data.length === 0 ? (
        <Empty />
      ) : (
        <table className="table compact" data-testid="holidays">
          <tbody>
            {holidays.data.map((h) => (
              <tr key={h.id}>
                <td className="nowrap">
                  {h.recurring
                    ? dayLabel(h.date, locale)
                    : `${dayLabel(h.date, locale)} ${calendarDay(h.date).slice(0, 4)}`}
                </td>
                <td>{h.name}</td>
                <td>{h.recurring ? <Badge tone="info">{t('rules.everyYear')}</Badge> : null}</td>
                <td className="right">
                  {props.mayEdit ? (
                    <Button variant="link" onClick={() => remove.mutate(h.id)}>
                      {t('common.delete')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  )
}

function LocksCard(props: { mayEdit: boolean }) {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const locks = useQuery({
    queryKey: ['timesheets', 'locks'],
    queryFn: () => ok(api().api.timesheets.locks.get()),
  })
  const [draft, setDraft] = useState({ from: '', to: '', note: '' })
  const lock = useWrite(
    () =>
      ok(
        api().api.timesheets.locks.post({
          from: draft.from,
          to: draft.to,
          ...(draft.note ? { note: draft.note } : {}),
        }),
      ),
    () => setDraft({ from: '', to: '', note: '' }),
  )
  const unlock = useWrite((id: number) => ok(api().api.timesheets.locks({ id }).delete()))
  return (
    <Card title={t('rules.locks')}>
      <p className="muted small">{t('rules.locksHelp')}</p>
      {props.mayEdit ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault()
            lock.mutate(undefined)
          }}
        >
          <Field label={t('attendance.from')}>
            <input
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              required
            />
          </Field>
          <Field label={t('attendance.to')}>
            <input
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              required
            />
          </Field>
          <Field label={t('attendance.note')}>
            <input
              value={draft.note}
              onChange={(e) => setDraft({ ...draft, note: e.target.value })}
              maxLength={500}
            />
          </Field>
          <Button type="submit" variant="primary" disabled={lock.isPending}>
            {t('rules.lock')}
          </Button>
        </form>
      ) : null}
      <ErrorText error={locks.error ?? lock.error ?? unlock.error} />
      {!locks.data ? (
        <Loading />
      ) : locks.data.length === 0 ? (
        <Empty />
      ) : (
        <table className="table compact" data-testid="locks">
          <tbody>
            {locks.data.map((l) => (
              <tr key={l.id}>
                <td className="nowrap">
                  {dayLabel(l.from, locale)} – {dayLabel(l.to, locale)}{' '}
                  {calendarDay(l.to).slice(0, 4)}
                </td>
                <td>{l.note ?? ''}</td>
                <td className="muted small">
                  {l.lockedBy}, {dateTime(l.lockedAt, timeZone, locale)}
                </td>
                <td className="right">
                  {props.mayEdit ? (
                    <Button variant="link" onClick={() => unlock.mutate(l.id)}>
                      {t('rules.unlock')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  )
}

/** Shifts, schedules, holidays and locked periods: the rules the worker computes timesheets by. */
export function TimesheetRules() {
  const { t } = useI18n()
  const session = useSignedIn()
  const shifts = useQuery({ queryKey: ['timesheets', 'shifts'], queryFn: loadShifts })
  const may = (path: string) => can(session, 'POST', path)
  return (
    <Page
      title={t('rules.title')}
      actions={
        <Link className="btn btn-secondary" to="/timesheets">
          {t('timesheets.title')}
        </Link>
      }
    >
      <ErrorText error={shifts.error} />
      {!shifts.data ? (
        <Loading />
      ) : (
        <>
          <ShiftsCard shifts={shifts.data} mayEdit={may('/api/timesheets/shifts')} />
          <SchedulesCard shifts={shifts.data} mayEdit={may('/api/timesheets/schedules')} />
        </>
      )}
      <div className="grid-2">
        <HolidaysCard mayEdit={may('/api/timesheets/holidays')} />
        <LocksCard mayEdit={may('/api/timesheets/locks')} />
      </div>
    </Page>
  )
}

/** A row's Edit and Delete; Delete asks first. */
function EditDelete(props: { onEdit: () => void; onDelete: () => void }) {
  const { t } = useI18n()
  return (
    <>
      <Button variant="link" onClick={props.onEdit}>
        {t('common.edit')}
      </Button>
      <Button
        variant="link"
        onClick={() => {
          if (window.confirm(t('common.confirm'))) props.onDelete()
        }}
      >
        {t('common.delete')}
      </Button>
    </>
  )
}
