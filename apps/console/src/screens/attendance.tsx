import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSearch } from '@tanstack/react-router'
import { useState } from 'react'
import { can } from '../api/access'
import { api, exportUrl, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { dateTime, dayIn, wallClock } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { usePaged } from '../ui/pager'
import {
  Badge,
  Button,
  Card,
  Dialog,
  Empty,
  ErrorText,
  Field,
  Loading,
  Page,
  PersonCell,
} from '../ui/ui'

interface Filters {
  from: string
  to: string
  pin: string
  sn: string
  group: string
  unknownPerson: boolean
}

/** A punch as the list shows it (and the correction dialog takes it). */
export interface Row {
  id: number
  pin: string
  personName: string | null
  punchedAt: string | Date
  status: number
  state: string
  verifyMode: string
  source: string
  sn: string
  note: string | null
  corrects: { punchId: number; reason: string } | null
}

/** The punch states a correction or a manual punch may set (the device's codes). */
const STATES = [0, 1, 2, 3, 4, 5] as const
const STATE_WORDS = [
  'check-in',
  'check-out',
  'break-out',
  'break-in',
  'overtime-in',
  'overtime-out',
]

/** `<input type="datetime-local" step="1">` value ⇄ the API's wall-clock text. */
const toInput = (wall: string) => wall.replace(' ', 'T')
const fromInput = (value: string) => (value.length === 16 ? `${value}:00` : value).replace('T', ' ')

function StateSelect(props: { value: number; onChange: (v: number) => void }) {
  const { t, word } = useI18n()
  return (
    <Field label={t('attendance.state')}>
      <select value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {word('state', STATE_WORDS[s] ?? String(s))}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** Edit or void a punch, with a reason; a locked period's 409 shows as the server's message. */
export function CorrectDialog(props: { punch: Row; onClose: () => void; onSaved?: () => void }) {
  const { t } = useI18n()
  const { timeZone } = useSignedIn()
  const queries = useQueryClient()
  const [time, setTime] = useState(
    toInput(wallClock(new Date(props.punch.punchedAt).toISOString(), timeZone)),
  )
  const [status, setStatus] = useState(props.punch.status)
  const [reason, setReason] = useState('')
  const correct = useMutation({
    mutationFn: (action: 'edit' | 'void') =>
      ok(
        api()
          .api.attendance({ id: props.punch.id })
          .corrections.post(
            action === 'void'
              ? { action, reason }
              : { action, reason, time: fromInput(time), timeZone, status },
          ),
      ),
    onSuccess: async () => {
      // The days it touches change too (the worker recomputes them).
      await queries.invalidateQueries({ queryKey: ['attendance'] })
      await queries.invalidateQueries({ queryKey: ['timesheets'] })
      props.onSaved?.()
      props.onClose()
    },
  })
  return (
    <Dialog title={`${t('attendance.correct')} #${props.punch.id}`} onClose={props.onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          correct.mutate('edit')
        }}
      >
        <p>
          <PersonCell name={props.punch.personName} pin={props.punch.pin} />
        </p>
        <Field label={t('attendance.newTime')}>
          <input
            type="datetime-local"
            step={1}
            value={time}
            onChange={(e) => setTime(e.target.value)}
            required
          />
        </Field>
        <StateSelect value={status} onChange={setStatus} />
        <Field label={t('attendance.reason')}>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={500}
          />
        </Field>
        <ErrorText error={correct.error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={correct.isPending}>
            {t('common.save')}
          </Button>
          <Button
            variant="danger"
            disabled={correct.isPending || reason.trim() === ''}
            onClick={() => correct.mutate('void')}
          >
            {t('attendance.void')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

function HistoryDialog(props: { id: number; onClose: () => void }) {
  const { t, locale, word } = useI18n()
  const { timeZone } = useSignedIn()
  const history = useQuery({
    queryKey: ['attendance', 'history', props.id],
    queryFn: () => ok(api().api.attendance({ id: props.id }).history.get()),
  })
  return (
    <Dialog title={t('attendance.history')} onClose={props.onClose}>
      <ErrorText error={history.error} />
      {history.data ? (
        <ol className="history" data-testid="history">
          {history.data.map((v) => (
            <li key={v.punch.id}>
              <strong>{dateTime(v.punch.punchedAt, timeZone, locale)}</strong> ·{' '}
              {word('state', v.punch.state)} ·{' '}
              <span className="muted">{word('source', v.punch.source)}</span>
              {v.correction ? (
                <div className="muted">
                  {v.correction.action === 'void'
                    ? t('attendance.voided')
                    : t('attendance.corrected')}{' '}
                  — {v.correction.reason} ({v.correction.createdBy},{' '}
                  {dateTime(v.correction.createdAt, timeZone, locale)})
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <Loading />
      )}
    </Dialog>
  )
}

function ManualDialog(props: { onClose: () => void }) {
  const { t } = useI18n()
  const { timeZone } = useSignedIn()
  const queries = useQueryClient()
  const [pin, setPin] = useState('')
  const [time, setTime] = useState(toInput(wallClock(new Date().toISOString(), timeZone)))
  const [status, setStatus] = useState(0)
  const [note, setNote] = useState('')
  const add = useMutation({
    mutationFn: () =>
      ok(
        api().api.attendance.post({
          pin: pin.trim(),
          time: fromInput(time),
          timeZone,
          status,
          ...(note ? { note } : {}),
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['attendance'] })
      props.onClose()
    },
  })
  return (
    <Dialog title={t('attendance.manual')} onClose={props.onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          add.mutate()
        }}
      >
        <Field label={t('people.pin')}>
          <input value={pin} onChange={(e) => setPin(e.target.value)} required />
        </Field>
        <Field label={t('attendance.time')}>
          <input
            type="datetime-local"
            step={1}
            value={time}
            onChange={(e) => setTime(e.target.value)}
            required
          />
        </Field>
        <StateSelect value={status} onChange={setStatus} />
        <Field label={t('attendance.note')}>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
        </Field>
        <ErrorText error={add.error} />
        <Button type="submit" variant="primary" disabled={add.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Dialog>
  )
}

export function Attendance() {
  const { t, locale, word } = useI18n()
  const session = useSignedIn()
  const zone = session.timeZone
  const today = dayIn(zone)
  const search = useSearch({ from: '/attendance' })
  const [draft, setDraft] = useState<Filters>({
    from: search.from ?? today,
    to: search.to ?? today,
    pin: search.pin ?? '',
    sn: '',
    group: '',
    unknownPerson: false,
  })
  const [filters, setFilters] = useState<Filters>(draft)
  const [correcting, setCorrecting] = useState<Row | null>(null)
  const [history, setHistory] = useState<number | null>(null)
  const [manual, setManual] = useState(false)
  const query = {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    timeZone: zone,
    ...(filters.pin.trim() ? { pin: filters.pin.trim() } : {}),
    ...(filters.sn.trim() ? { sn: filters.sn.trim() } : {}),
    ...(filters.group.trim() ? { group: filters.group.trim() } : {}),
    ...(filters.unknownPerson ? { unknownPerson: true } : {}),
  }
  const list = usePaged(['attendance', 'list', query], (cursor) =>
    ok(api().api.attendance.get({ query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } })),
  )
  const mayCorrect = can(session, 'POST', '/api/attendance/1/corrections')
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value })
  return (
    <Page
      title={t('attendance.title')}
      actions={
        <>
          <a
            className="btn btn-secondary"
            href={exportUrl({
              ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
              format: 'csv',
            })}
          >
            {t('attendance.export')}
          </a>
          {can(session, 'POST', '/api/attendance') ? (
            <Button variant="primary" onClick={() => setManual(true)}>
              {t('attendance.manual')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault()
            setFilters(draft)
          }}
        >
          <Field label={t('attendance.from')}>
            <input type="date" value={draft.from} onChange={set('from')} />
          </Field>
          <Field label={t('attendance.to')}>
            <input type="date" value={draft.to} onChange={set('to')} />
          </Field>
          <Field label={t('attendance.person')}>
            <input value={draft.pin} onChange={set('pin')} size={8} />
          </Field>
          <Field label={t('attendance.terminal')}>
            <input value={draft.sn} onChange={set('sn')} size={12} />
          </Field>
          <Field label={t('attendance.group')}>
            <input value={draft.group} onChange={set('group')} size={10} />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.unknownPerson}
              onChange={(e) => setDraft({ ...draft, unknownPerson: e.target.checked })}
            />{' '}
            {t('attendance.flagged')}
          </label>
          <Button type="submit" variant="primary">
            {t('attendance.filter')}
          </Button>
        </form>
        <ErrorText error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty />
        ) : (
          <table className="table" data-testid="attendance">
            <thead>
              <tr>
                <th>{t('attendance.time')}</th>
                <th>{t('common.name')}</th>
                <th>{t('attendance.state')}</th>
                <th>{t('attendance.verify')}</th>
                <th>{t('attendance.terminal')}</th>
                <th>{t('attendance.source')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.items.map((p) => (
                <tr key={p.id} data-punch={p.id}>
                  <td className="nowrap">{dateTime(p.punchedAt, zone, locale)}</td>
                  <td>
                    <PersonCell name={p.personName} pin={p.pin} />
                  </td>
                  <td>{word('state', p.state)}</td>
                  <td className="muted">{word('verify', p.verifyMode)}</td>
                  <td className="mono">{p.sn}</td>
                  <td>
                    {p.source === 'device' ? (
                      <span className="muted">{word('source', p.source)}</span>
                    ) : (
                      <Badge tone="info">{word('source', p.source)}</Badge>
                    )}
                    {p.corrects ? <div className="muted small">{p.corrects.reason}</div> : null}
                    {!p.corrects && p.note ? <div className="muted small">{p.note}</div> : null}
                  </td>
                  <td className="nowrap right">
                    {p.corrects ? (
                      <Button variant="link" onClick={() => setHistory(p.id)}>
                        {t('attendance.history')}
                      </Button>
                    ) : null}
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
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()}>{t('common.more')}</Button>
        ) : null}
      </Card>
      {correcting ? <CorrectDialog punch={correcting} onClose={() => setCorrecting(null)} /> : null}
      {history !== null ? <HistoryDialog id={history} onClose={() => setHistory(null)} /> : null}
      {manual ? <ManualDialog onClose={() => setManual(false)} /> : null}
    </Page>
  )
}
