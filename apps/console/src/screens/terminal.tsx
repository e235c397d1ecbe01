import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate, useParams } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { ago, dateTime, timeOfDay } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { CommandsTable } from '../ui/commands-table'
import { Badge, Button, Card, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'
import { TerminalState } from './terminal-state'

function ActivityChart(props: { sn: string }) {
  const { t, locale } = useI18n()
  const session = useSignedIn()
  const activity = useQuery({
    queryKey: ['devices', props.sn, 'activity'],
    queryFn: () =>
      ok(
        api()
          .api.devices({ sn: props.sn })
          .activity.get({
            query: { bucket: 'hour', from: new Date(Date.now() - 24 * 3600_000).toISOString() },
          }),
      ),
  })
  // 24 hourly slots ending with the current hour; the API lists only the hours that had punches.
  const hour = 3600_000
  const first = Math.floor(Date.now() / hour) * hour - 23 * hour
  const slots = Array.from({ length: 24 }, (_, i) => ({
    at: new Date(first + i * hour),
    punches: 0,
  }))
  for (const b of activity.data?.buckets ?? []) {
    const slot = slots[Math.floor((new Date(b.at).getTime() - first) / hour)]
    if (slot) slot.punches += b.punches
  }
  const max = Math.max(1, ...slots.map((s) => s.punches))
  return (
    <Card
      title={t('terminals.activity')}
      actions={<span className="muted">{activity.data?.punches ?? 0}</span>}
    >
      <ErrorText error={activity.error} />
      <div className="chart" role="img" aria-label={t('terminals.activity')}>
        {slots.map((s) => (
          <div
            key={s.at.getTime()}
            className="bar"
            style={{ height: `${(s.punches / max) * 100}%` }}
            title={`${timeOfDay(s.at, session.timeZone, locale)}: ${s.punches}`}
          />
        ))}
      </div>
      <div className="chart-axis muted small">
        <span>{timeOfDay(slots[0]?.at ?? new Date(), session.timeZone, locale)}</span>
        <span>{timeOfDay(new Date(), session.timeZone, locale)}</span>
      </div>
    </Card>
  )
}

function Diagnostics(props: { sn: string }) {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const device = api().api.devices({ sn: props.sn })
  const rejected = useQuery({
    queryKey: ['devices', props.sn, 'rejected'],
    queryFn: () => ok(device['rejected-lines'].get({ query: { limit: 20 } })),
  })
  const errors = useQuery({
    queryKey: ['devices', props.sn, 'errors'],
    queryFn: () => ok(device.errors.get({ query: { limit: 20 } })),
  })
  const logs = useQuery({
    queryKey: ['devices', props.sn, 'logs'],
    queryFn: () => ok(device.logs.get({ query: { limit: 20 } })),
  })
  return (
    <Card title={t('terminals.diagnostics')}>
      <h3>{t('terminals.rejected')}</h3>
      <ErrorText error={rejected.error} />
      {rejected.data?.items.length ? (
        <table className="table compact">
          <tbody>
            {rejected.data.items.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{dateTime(r.receivedAt, timeZone, locale)}</td>
                <td className="mono small truncate">{r.line}</td>
                <td className="muted">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}
      <h3>{t('terminals.errors')}</h3>
      {errors.data?.items.length ? (
        <table className="table compact">
          <tbody>
            {errors.data.items.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{dateTime(e.receivedAt, timeZone, locale)}</td>
                <td className="mono">{e.code}</td>
                <td className="muted">{e.meaning ?? e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}
      <h3>{t('terminals.logs')}</h3>
      {logs.data?.items.length ? (
        <ul className="plain">
          {logs.data.items.map((l) => (
            <li key={l.id}>
              <a href={`/api/devices/${encodeURIComponent(props.sn)}/logs/${l.id}`}>
                {dateTime(l.receivedAt, timeZone, locale)}
              </a>{' '}
              <span className="muted">
                {l.fileName} · {l.size.toLocaleString(locale)} B
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty />
      )}
    </Card>
  )
}

export function Terminal() {
  const { t, locale } = useI18n()
  const session = useSignedIn()
  const { sn } = useParams({ from: '/terminals/$sn' })
  const navigate = useNavigate()
  const queries = useQueryClient()
  const device = api().api.devices({ sn })
  const view = useQuery({ queryKey: ['devices', sn], queryFn: () => ok(device.get()) })
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const commands = useQuery({
    queryKey: ['commands', sn],
    queryFn: () => ok(device.commands.get({ query: { limit: 30 } })),
  })
  const [form, setForm] = useState({ name: '', timeZone: '', groupIds: [] as number[] })
  const [notice, setNotice] = useState<string | null>(null)
  useEffect(() => {
    if (view.data) {
      setForm({
        name: view.data.name ?? '',
        timeZone: view.data.timeZone ?? '',
        groupIds: view.data.groupIds,
      })
    }
  }, [view.data])
  const refresh = () => queries.invalidateQueries({ queryKey: ['devices'] })
  const action = useMutation({
    mutationFn: async (kind: 'approve' | 'refuse' | 'sync' | 'reboot' | 'set-time' | 'forget') => {
      if (kind === 'approve') return ok(device.approve.post())
      if (kind === 'refuse') return ok(device.refuse.post())
      if (kind === 'sync') return ok(device.sync.post())
      if (kind === 'forget') return ok(device.delete())
      // The route's `type` is a union of literals built from an array, which the client types as never.
      return ok(device.commands.post({ type: kind } as Parameters<typeof device.commands.post>[0]))
    },
    onSuccess: async (_data, kind) => {
      if (kind === 'forget') {
        await navigate({ to: '/terminals' })
        return
      }
      if (kind === 'reboot' || kind === 'set-time' || kind === 'sync')
        setNotice(t('terminals.queued'))
      await Promise.all([refresh(), queries.invalidateQueries({ queryKey: ['commands'] })])
    },
  })
  const save = useMutation({
    mutationFn: () =>
      ok(
        device.patch({
          name: form.name || null,
          timeZone: form.timeZone || null,
          groupIds: form.groupIds,
        }),
      ),
    onSuccess: refresh,
  })
  if (view.isPending) return <Loading />
  if (!view.data) return <ErrorText error={view.error} />
  const d = view.data
  const write = can(session, 'POST', `/api/devices/${sn}/approve`)
  const command = can(session, 'POST', `/api/devices/${sn}/commands`)
  return (
    <Page
      title={d.name || d.sn}
      actions={
        <>
          <TerminalState status={d.status} online={d.online} />
          {write && d.status !== 'approved' ? (
            <Button variant="primary" onClick={() => action.mutate('approve')}>
              {t('terminals.approve')}
            </Button>
          ) : null}
          {write && d.status !== 'refused' ? (
            <Button onClick={() => action.mutate('refuse')}>{t('terminals.refuse')}</Button>
          ) : null}
          {command && d.status === 'approved' ? (
            <>
              <Button onClick={() => action.mutate('sync')}>{t('terminals.sync')}</Button>
              <Button onClick={() => action.mutate('set-time')}>{t('terminals.setTime')}</Button>
              <Button onClick={() => action.mutate('reboot')}>{t('terminals.reboot')}</Button>
            </>
          ) : null}
          {write ? (
            <Button
              variant="danger"
              onClick={() => {
                if (window.confirm(t('terminals.forgetConfirm'))) action.mutate('forget')
              }}
            >
              {t('terminals.forget')}
            </Button>
          ) : null}
        </>
      }
    >
      <ErrorText error={action.error} />
      {notice ? <p className="notice">{notice}</p> : null}
      <div className="grid-2">
        <Card>
          <dl className="facts">
            <dt>{t('terminals.sn')}</dt>
            <dd className="mono">{d.sn}</dd>
            <dt>{t('terminals.lastSeen')}</dt>
            <dd>
              {d.lastSeenAt
                ? `${dateTime(d.lastSeenAt, session.timeZone, locale)} (${ago(d.lastSeenAt, locale)})`
                : t('common.never')}
            </dd>
            <dt>{t('terminals.firmware')}</dt>
            <dd>{d.firmware ?? '—'}</dd>
            <dt>{t('terminals.ip')}</dt>
            <dd className="mono">{d.ip ?? d.knockIp ?? '—'}</dd>
            <dt>{t('terminals.zone')}</dt>
            <dd>
              {d.effectiveTimeZone}{' '}
              {d.timeZoneConfirmed ? null : (
                <Badge tone="warn">{t('terminals.zoneUnconfirmed')}</Badge>
              )}
              {d.timeIssue ? (
                <Badge tone="warn">{t(`terminals.clock.${d.timeIssue}`)}</Badge>
              ) : null}
            </dd>
            <dt>{t('terminals.punches')}</dt>
            <dd>{d.punchCount.toLocaleString(locale)}</dd>
            <dt>{t('terminals.pendingCommands')}</dt>
            <dd>{d.pendingCommands}</dd>
          </dl>
        </Card>
        {write ? (
          <Card title={t('terminals.settings')}>
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault()
                save.mutate()
              }}
            >
              <Field label={t('common.name')}>
                <input
                  value={form.name}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                />
              </Field>
              <Field label={t('terminals.zone')}>
                <input
                  value={form.timeZone}
                  placeholder={session.timeZone}
                  onChange={(e) => setForm({ ...form, timeZone: e.target.value })}
                />
              </Field>
              <fieldset className="checks">
                <legend>{t('terminals.groups')}</legend>
                {(groups.data ?? []).map((g) => (
                  <label key={g.id}>
                    <input
                      type="checkbox"
                      checked={form.groupIds.includes(g.id)}
                      onChange={(e) =>
                        setForm({
                          ...form,
                          groupIds: e.target.checked
                            ? [...form.groupIds, g.id]
                            : form.groupIds.filter((id) => id !== g.id),
                        })
                      }
                    />{' '}
                    {g.name}
                  </label>
                ))}
              </fieldset>
              <ErrorText error={save.error} />
              <Button type="submit" variant="primary" disabled={save.isPending}>
                {t('common.save')}
              </Button>
            </form>
          </Card>
        ) : null}
      </div>
      <ActivityChart sn={sn} />
      <Card title={t('terminals.commands')}>
        <ErrorText error={commands.error} />
        {commands.data?.items.length ? <CommandsTable commands={commands.data.items} /> : <Empty />}
      </Card>
      <Diagnostics sn={sn} />
    </Page>
  )
}
