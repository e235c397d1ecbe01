import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate, useSearch } from '@tanstack/react-router'
import { useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import {
  calendarDay,
  dayIn,
  dayLabel,
  monthDays,
  shortTime,
  timeOfDay,
  weekday,
} from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import type { TimesheetsSearch } from '../router'
import { usePaged } from '../ui/pager'
import { Badge, Button, Card, Dialog, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'
import { CorrectDialog, type Row } from './attendance'

type View = NonNullable<TimesheetsSearch['view']>
const VIEWS: View[] = ['grid', 'person', 'summary', 'exceptions']

/** Days per page of the grid: about a month for 30 people, so a page is one screen or two. */
const GRID_PAGE = 1000

const TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = {
  present: 'ok',
  'half-day': 'warn',
  absent: 'bad',
  'day-off': 'muted',
  holiday: 'info',
  'unscheduled-work': 'info',
  'missing-check-in': 'warn',
  'missing-check-out': 'warn',
}

/** Minutes as `h:mm` (what a timesheet shows); zero as a dash so the figures that matter stand out. */
export function hours(minutes: number | null | undefined): string {
  if (!minutes) return '—'
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`
}

/** The words the engine sends, translated when the dictionaries know them. */
function useWords() {
  const { word } = useI18n()
  return {
    status: (s: string) => word('timesheets.status', s),
    kind: (k: string) => word('timesheets.kind', k),
  }
}

const KINDS = [
  'absent',
  'missing-check-in',
  'missing-check-out',
  'late-arrival',
  'early-leave',
  'unscheduled-work',
  'outside-shift',
]

/**
 * A person's name beside their PIN. Timesheet rows carry only the PIN; each name is one small cached read (a page
 * holds a bounded number of people), shared with the person screen's query.
 */
function PersonButton(props: { pin: string; onClick: () => void }) {
  const person = useQuery({
    queryKey: ['people', props.pin],
    queryFn: () => ok(api().api.people({ pin: props.pin }).get()),
    staleTime: 300_000,
    retry: false,
  })
  return (
    <Button variant="link" className="person-link" onClick={props.onClick}>
      {person.data?.name ? <span>{person.data.name} </span> : null}
      <span className="muted mono">#{props.pin}</span>
    </Button>
  )
}

function StatusBadge(props: { status: string }) {
  const words = useWords()
  return <Badge tone={TONE[props.status] ?? 'muted'}>{words.status(props.status)}</Badge>
}

function GroupSelect(props: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n()
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  return (
    <Field label={t('attendance.group')}>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('timesheets.everyone')}</option>
        {(groups.data ?? []).map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </Field>
  )
}

interface Range {
  from: string
  to: string
  group: string
  pin: string
}

function query(range: Range) {
  return {
    from: range.from,
    to: range.to,
    ...(range.group ? { group: Number(range.group) } : {}),
    ...(range.pin.trim() ? { pin: range.pin.trim() } : {}),
  }
}

function exportHref(range: Range, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query(range))) params.set(k, String(v))
  params.set('format', format)
  return `/api/timesheets?${params}`
}

function RangeForm(props: { value: Range; onApply: (r: Range) => void; withPin?: boolean }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState(props.value)
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault()
        props.onApply(draft)
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
      <GroupSelect value={draft.group} onChange={(group) => setDraft({ ...draft, group })} />
      {props.withPin ? (
        <Field label={t('attendance.person')}>
          <input
            value={draft.pin}
            onChange={(e) => setDraft({ ...draft, pin: e.target.value })}
            size={8}
          />
        </Field>
      ) : null}
      <Button type="submit" variant="primary">
        {t('attendance.filter')}
      </Button>
    </form>
  )
}

/** Every date from `from` to `to`, inclusive (the grid's columns). */
function datesOf(from: string, to: string): string[] {
  const out: string[] = []
  const d = new Date(`${from}T12:00:00Z`)
  // 62 columns at most: a grid wider than two months is unreadable; the export covers longer ranges.
  while (out.length < 62) {
    const day = d.toISOString().slice(0, 10)
    if (day > to) break
    out.push(day)
    d.setUTCDate(d.getUTCDate() + 1)
  }
  return out
}

function Grid(props: { range: Range; onPerson: (pin: string) => void }) {
  const { t, locale } = useI18n()
  const words = useWords()
  const q = query(props.range)
  const days = usePaged(['timesheets', 'grid', q], (cursor) =>
    ok(
      api().api.timesheets.get({
        query: { ...q, limit: GRID_PAGE, ...(cursor ? { cursor } : {}) },
      }),
    ).then((page) => withDates(page as { items: DayRow[]; nextCursor: string | null })),
  )
  const columns = datesOf(props.range.from, props.range.to)
  const byPin = new Map<string, Map<string, DayRow>>()
  for (const d of days.items) {
    const row = byPin.get(d.pin) ?? new Map<string, DayRow>()
    row.set(d.date, d)
    byPin.set(d.pin, row)
  }
  return (
    <>
      <ErrorText error={days.error} />
      {days.isPending ? (
        <Loading />
      ) : byPin.size === 0 ? (
        <Empty />
      ) : (
        <div className="grid-scroll">
          <table className="table timesheet-grid" data-testid="timesheet-grid">
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                {columns.map((c) => (
                  <th key={c} className="nowrap center">
                    <div className="muted small">{weekday(c, locale)}</div>
                    {dayLabel(c, locale)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...byPin].map(([pin, row]) => (
                <tr key={pin} data-pin={pin}>
                  <td className="nowrap">
                    <PersonButton pin={pin} onClick={() => props.onPerson(pin)} />
                  </td>
                  {columns.map((c) => {
                    const d = row.get(c)
                    return (
                      <td
                        key={c}
                        className={`cell cell-${d?.status ?? 'none'}`}
                        data-date={c}
                        title={d ? words.status(d.status) : ''}
                      >
                        {d ? (
                          <>
                            <div>{hours(d.workedMinutes)}</div>
                            {d.lateMinutes > 0 ? (
                              <div className="late small">
                                {t('timesheets.lateShort', { m: d.lateMinutes })}
                              </div>
                            ) : null}
                          </>
                        ) : null}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Legend />
      {days.hasNextPage ? (
        <Button onClick={() => void days.fetchNextPage()}>{t('common.more')}</Button>
      ) : null}
    </>
  )
}

function Legend() {
  return (
    <p className="legend small">
      {Object.keys(TONE).map((s) => (
        <span key={s} className={`cell-${s}`}>
          <StatusBadge status={s} />
        </span>
      ))}
    </p>
  )
}

/** The page with each day's date back as `YYYY-MM-DD` (see calendarDay). */
function withDates<P extends { items: DayRow[] }>(page: P): P {
  return { ...page, items: page.items.map((d) => ({ ...d, date: calendarDay(d.date) })) }
}

interface DayRow {
  pin: string
  date: string
  shiftId: number | null
  status: string
  firstIn: string | null
  lastOut: string | null
  workedMinutes: number
  breakMinutes: number
  lateMinutes: number
  earlyLeaveMinutes: number
  overtimeMinutes: number
  exceptions: Array<{ kind: string; punchId: number | null; minutes: number | null }>
}

/** Re-reads after a correction: the worker recomputes the touched days within about a second. */
const RECOMPUTE_WAITS_MS = [1000, 3000]

function DayPunches(props: { pin: string; date: string; onClose: () => void }) {
  const { t, locale, word } = useI18n()
  const session = useSignedIn()
  const queries = useQueryClient()
  const [correcting, setCorrecting] = useState<Row | null>(null)
  const punches = useQuery({
    queryKey: ['attendance', 'day', props.pin, props.date],
    queryFn: () =>
      ok(
        api().api.attendance.get({
          query: { pin: props.pin, from: props.date, to: props.date, timeZone: session.timeZone },
        }),
      ),
  })
  const mayCorrect = can(session, 'POST', '/api/attendance/1/corrections')
  if (correcting) {
    return (
      <CorrectDialog
        punch={correcting}
        onClose={props.onClose}
        onSaved={() => {
          for (const ms of RECOMPUTE_WAITS_MS) {
            setTimeout(() => void queries.invalidateQueries({ queryKey: ['timesheets'] }), ms)
          }
        }}
      />
    )
  }
  return (
    <Dialog
      title={`#${props.pin} · ${weekday(props.date, locale)} ${dayLabel(props.date, locale)}`}
      onClose={props.onClose}
    >
      <ErrorText error={punches.error} />
      {!punches.data ? (
        <Loading />
      ) : punches.data.items.length === 0 ? (
        <Empty />
      ) : (
        <table className="table compact" data-testid="day-punches">
          <tbody>
            {punches.data.items.map((p) => (
              <tr key={p.id}>
                <td>{timeOfDay(p.punchedAt, session.timeZone, locale)}</td>
                <td>{word('state', p.state)}</td>
                <td className="muted">{word('source', p.source)}</td>
                <td className="right">
                  {mayCorrect ? (
                    <Button variant="link" onClick={() => setCorrecting(p)}>
                      {t('attendance.correct')}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  )
}

function PersonMonth(props: { pin: string; month: string; onMonth: (m: string) => void }) {
  const { t, locale } = useI18n()
  const words = useWords()
  const { timeZone } = useSignedIn()
  const { from, to } = monthDays(props.month)
  const days = useQuery({
    queryKey: ['timesheets', 'person', props.pin, props.month],
    queryFn: () =>
      ok(api().api.timesheets.get({ query: { pin: props.pin, from, to, limit: 31 } })).then(
        (page) => withDates(page as { items: DayRow[]; nextCursor: string | null }),
      ),
    enabled: props.pin !== '',
  })
  const person = useQuery({
    queryKey: ['people', props.pin],
    queryFn: () => ok(api().api.people({ pin: props.pin }).get()),
    enabled: props.pin !== '',
    retry: false,
  })
  const [day, setDay] = useState<string | null>(null)
  if (props.pin === '') return <p className="muted">{t('timesheets.pickPerson')}</p>
  return (
    <>
      <div className="toolbar">
        <h2>
          {person.data?.name ?? ''} <span className="muted mono">#{props.pin}</span>
        </h2>
        <Field label={t('timesheets.month')}>
          <input
            type="month"
            value={props.month}
            onChange={(e) => e.target.value && props.onMonth(e.target.value)}
          />
        </Field>
        <Link className="btn btn-secondary" to="/attendance" search={{ pin: props.pin, from, to }}>
          {t('timesheets.punches')}
        </Link>
      </div>
      <ErrorText error={days.error} />
      {days.isPending ? (
        <Loading />
      ) : (days.data?.items.length ?? 0) === 0 ? (
        <Empty />
      ) : (
        <div className="grid-scroll">
          <table className="table compact" data-testid="person-month">
            <thead>
              <tr>
                <th>{t('timesheets.date')}</th>
                <th>{t('timesheets.firstIn')}</th>
                <th>{t('timesheets.lastOut')}</th>
                <th className="right">{t('timesheets.worked')}</th>
                <th className="right">{t('timesheets.break')}</th>
                <th className="right">{t('timesheets.late')}</th>
                <th className="right">{t('timesheets.early')}</th>
                <th className="right">{t('timesheets.overtime')}</th>
                <th>{t('common.status')}</th>
                <th>{t('timesheets.exceptions')}</th>
              </tr>
            </thead>
            <tbody>
              {days.data?.items.map((d) => (
                <tr key={d.date} data-date={d.date}>
                  <td className="nowrap">
                    <Button variant="link" onClick={() => setDay(d.date)}>
                      {weekday(d.date, locale)} {dayLabel(d.date, locale)}
                    </Button>
                  </td>
                  <td>{d.firstIn ? shortTime(d.firstIn, timeZone, locale) : '—'}</td>
                  <td>{d.lastOut ? shortTime(d.lastOut, timeZone, locale) : '—'}</td>
                  <td className="right">{hours(d.workedMinutes)}</td>
                  <td className="right">{hours(d.breakMinutes)}</td>
                  <td className="right" data-testid="late">
                    {d.lateMinutes}
                  </td>
                  <td className="right">{d.earlyLeaveMinutes}</td>
                  <td className="right">{d.overtimeMinutes}</td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td className="small">
                    {d.exceptions.map((e) => words.kind(e.kind)).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {day ? <DayPunches pin={props.pin} date={day} onClose={() => setDay(null)} /> : null}
    </>
  )
}

function Summary(props: { month: string; group: string; onPerson: (pin: string) => void }) {
  const { t } = useI18n()
  const q = {
    month: props.month,
    ...(props.group ? { group: Number(props.group) } : {}),
  }
  const rows = usePaged(['timesheets', 'summary', q], (cursor) =>
    ok(api().api.timesheets.summary.get({ query: { ...q, ...(cursor ? { cursor } : {}) } })),
  )
  return (
    <>
      <ErrorText error={rows.error} />
      {rows.isPending ? (
        <Loading />
      ) : rows.items.length === 0 ? (
        <Empty />
      ) : (
        <div className="grid-scroll">
          <table className="table" data-testid="summary">
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                <th className="right">{t('timesheets.present')}</th>
                <th className="right">{t('timesheets.absent')}</th>
                <th className="right">{t('timesheets.halfDays')}</th>
                <th className="right">{t('timesheets.lateCount')}</th>
                <th className="right">{t('timesheets.late')}</th>
                <th className="right">{t('timesheets.early')}</th>
                <th className="right">{t('timesheets.overtime')}</th>
                <th className="right">{t('timesheets.worked')}</th>
                <th className="right">{t('timesheets.daysOff')}</th>
                <th className="right">{t('timesheets.holidays')}</th>
                <th className="right">{t('timesheets.exceptions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.items.map((s) => (
                <tr key={s.pin}>
                  <td>
                    <PersonButton pin={s.pin} onClick={() => props.onPerson(s.pin)} />
                  </td>
                  <td className="right">{s.daysPresent}</td>
                  <td className="right">{s.daysAbsent}</td>
                  <td className="right">{s.halfDays}</td>
                  <td className="right">{s.lateCount}</td>
                  <td className="right">{s.lateMinutes}</td>
                  <td className="right">{s.earlyLeaveMinutes}</td>
                  <td className="right">{s.overtimeMinutes}</td>
                  <td className="right">{hours(s.workedMinutes)}</td>
                  <td className="right">{s.daysOff}</td>
                  <td className="right">{s.holidays}</td>
                  <td className="right">{s.exceptions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.hasNextPage ? (
        <Button onClick={() => void rows.fetchNextPage()}>{t('common.more')}</Button>
      ) : null}
    </>
  )
}

function Exceptions(props: { range: Range; onPerson: (pin: string) => void }) {
  const { t, locale } = useI18n()
  const words = useWords()
  const [kind, setKind] = useState('')
  const q = query(props.range)
  const rows = usePaged(['timesheets', 'exceptions', q], (cursor) =>
    ok(api().api.timesheets.exceptions.get({ query: { ...q, ...(cursor ? { cursor } : {}) } })),
  )
  const items = rows.items.map((e) => ({ ...e, date: calendarDay(e.date) }))
  const shown = kind ? items.filter((e) => e.kind === kind) : items
  return (
    <>
      <div className="toolbar">
        <Field label={t('timesheets.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {words.kind(k)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorText error={rows.error} />
      {rows.isPending ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty />
      ) : (
        <table className="table" data-testid="exceptions">
          <thead>
            <tr>
              <th>{t('timesheets.date')}</th>
              <th>{t('common.name')}</th>
              <th>{t('timesheets.kind')}</th>
              <th className="right">{t('timesheets.minutes')}</th>
              <th>{t('common.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.pin}-${e.date}-${e.kind}-${e.punchId ?? ''}`}>
                <td className="nowrap">
                  {weekday(e.date, locale)} {dayLabel(e.date, locale)}
                </td>
                <td>
                  <PersonButton pin={e.pin} onClick={() => props.onPerson(e.pin)} />
                </td>
                <td>{words.kind(e.kind)}</td>
                <td className="right">{e.minutes ?? ''}</td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td className="right">
                  <Link to="/attendance" search={{ pin: e.pin, from: e.date, to: e.date }}>
                    {t('timesheets.punches')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.hasNextPage ? (
        <Button onClick={() => void rows.fetchNextPage()}>{t('common.more')}</Button>
      ) : null}
    </>
  )
}

/** The two weeks up to a date: the grid opens on them (today, and enough behind it to see a pattern). */
function twoWeeksTo(day: string): { from: string; to: string } {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 13)
  return { from: d.toISOString().slice(0, 10), to: day }
}

export function Timesheets() {
  const { t } = useI18n()
  const session = useSignedIn()
  const today = dayIn(session.timeZone)
  // The view, person and month live in the address: a link opens them, and Back returns to them.
  const search = useSearch({ from: '/timesheets' })
  const navigate = useNavigate({ from: '/timesheets' })
  const view: View = search.view ?? 'grid'
  const pin = search.pin ?? ''
  const month = search.month ?? today.slice(0, 7)
  const go = (next: TimesheetsSearch) => void navigate({ search: { ...search, ...next } })
  const setView = (v: View) => go({ view: v })
  const setPin = (p: string) => go({ pin: p })
  const setMonth = (m: string) => go({ month: m })
  const [range, setRange] = useState<Range>({ ...twoWeeksTo(today), group: '', pin: '' })
  const openPerson = (p: string) => go({ view: 'person', pin: p })
  return (
    <Page
      title={t('timesheets.title')}
      actions={
        <>
          <a className="btn btn-secondary" href={exportHref(range, 'csv')} download>
            {t('timesheets.exportCsv')}
          </a>
          <a className="btn btn-secondary" href={exportHref(range, 'xlsx')} download>
            {t('timesheets.exportXlsx')}
          </a>
          {can(session, 'GET', '/api/timesheets/shifts') ? (
            <Link className="btn btn-secondary" to="/timesheets/rules">
              {t('timesheets.rules')}
            </Link>
          ) : null}
        </>
      }
    >
      <div className="tabs" role="tablist">
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={view === v ? 'tab active' : 'tab'}
            onClick={() => setView(v)}
          >
            {t(`timesheets.view.${v}`)}
          </button>
        ))}
      </div>
      <Card>
        {view === 'grid' || view === 'exceptions' ? (
          <RangeForm value={range} onApply={setRange} withPin={view === 'exceptions'} />
        ) : null}
        {view === 'person' ? (
          <form
            className="filters"
            onSubmit={(e) => {
              e.preventDefault()
              const input = new FormData(e.currentTarget).get('pin')
              setPin(typeof input === 'string' ? input.trim() : '')
            }}
          >
            <Field label={t('attendance.person')}>
              <input name="pin" defaultValue={pin} key={pin} size={8} />
            </Field>
            <Button type="submit" variant="primary">
              {t('common.search')}
            </Button>
          </form>
        ) : null}
        {view === 'summary' ? (
          <div className="filters">
            <Field label={t('timesheets.month')}>
              <input
                type="month"
                value={month}
                onChange={(e) => e.target.value && setMonth(e.target.value)}
              />
            </Field>
            <GroupSelect value={range.group} onChange={(group) => setRange({ ...range, group })} />
          </div>
        ) : null}
        {view === 'grid' ? <Grid range={range} onPerson={openPerson} /> : null}
        {view === 'person' ? <PersonMonth pin={pin} month={month} onMonth={setMonth} /> : null}
        {view === 'summary' ? (
          <Summary month={month} group={range.group} onPerson={openPerson} />
        ) : null}
        {view === 'exceptions' ? <Exceptions range={range} onPerson={openPerson} /> : null}
      </Card>
    </Page>
  )
}
