import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { dateTime } from '../i18n/dates'
import type { MessageKey } from '../i18n/en'
import { useI18n } from '../i18n/i18n'
import { usePaged } from '../ui/pager'
import { Badge, Button, Card, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'

type Role = 'admin' | 'manager' | 'viewer'
const ROLES: Role[] = ['admin', 'manager', 'viewer']

function Operators() {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const queries = useQueryClient()
  const list = useQuery({ queryKey: ['operators'], queryFn: () => ok(api().api.operators.get()) })
  const [form, setForm] = useState({ username: '', password: '', role: 'viewer' as Role })
  const done = () => queries.invalidateQueries({ queryKey: ['operators'] })
  const create = useMutation({
    // `role` is a union of literals built from an array on the server, which the client types as never.
    mutationFn: () => ok(api().api.operators.post({ ...form, role: form.role as never })),
    onSuccess: async () => {
      setForm({ username: '', password: '', role: 'viewer' })
      await done()
    },
  })
  const update = useMutation({
    mutationFn: (v: { id: number; role?: Role; disabled?: boolean }) =>
      ok(
        api()
          .api.operators({ id: v.id })
          .patch({
            ...(v.role ? { role: v.role as never } : {}),
            ...(v.disabled !== undefined ? { disabled: v.disabled } : {}),
          }),
      ),
    onSuccess: done,
  })
  return (
    <Card title={t('settings.operators')}>
      <ErrorText error={list.error ?? update.error} />
      {list.data ? (
        <table className="table" data-testid="operators">
          <thead>
            <tr>
              <th>{t('signIn.username')}</th>
              <th>{t('settings.role')}</th>
              <th>{t('common.created')}</th>
              <th>{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((o) => (
              <tr key={o.id}>
                <td>
                  <strong>{o.username}</strong> <span className="muted">{o.displayName}</span>
                </td>
                <td>
                  <select
                    aria-label={t('settings.role')}
                    value={o.role}
                    onChange={(e) => update.mutate({ id: o.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`settings.role.${r}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="muted">{dateTime(o.createdAt, timeZone, locale)}</td>
                <td>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={o.disabled}
                      onChange={(e) => update.mutate({ id: o.id, disabled: e.target.checked })}
                    />{' '}
                    {t('settings.disabled')}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Loading />
      )}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <Field label={t('signIn.username')}>
          <input
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
            required
          />
        </Field>
        <Field label={t('signIn.password')}>
          <input
            type="password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            required
          />
        </Field>
        <Field label={t('settings.role')}>
          <select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`settings.role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary">
          {t('settings.newOperator')}
        </Button>
      </form>
      <ErrorText error={create.error} />
    </Card>
  )
}

function ApiKeys() {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const queries = useQueryClient()
  const list = useQuery({ queryKey: ['keys'], queryFn: () => ok(api().api.keys.get()) })
  const [name, setName] = useState('')
  const [write, setWrite] = useState(false)
  const create = useMutation({
    mutationFn: () =>
      ok(api().api.keys.post({ name, scopes: write ? ['read', 'write'] : ['read'] })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['keys'] }),
  })
  const revoke = useMutation({
    mutationFn: (id: number) => ok(api().api.keys({ id }).delete()),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['keys'] }),
  })
  return (
    <Card title={t('settings.apiKeys')}>
      <ErrorText error={list.error ?? revoke.error} />
      {list.data?.length ? (
        <table className="table">
          <tbody>
            {list.data.map((k) => (
              <tr key={k.id}>
                <td>
                  <strong>{k.name}</strong>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td className="muted">{dateTime(k.createdAt, timeZone, locale)}</td>
                <td className="right">
                  {k.revokedAt ? (
                    <Badge tone="muted">{t('settings.revoke')}</Badge>
                  ) : (
                    <Button variant="link" onClick={() => revoke.mutate(k.id)}>
                      {t('settings.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <Field label={t('common.name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <label className="check">
          <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} />{' '}
          write
        </label>
        <Button type="submit" variant="primary">
          {t('settings.newKey')}
        </Button>
      </form>
      <ErrorText error={create.error} />
      {create.data ? (
        <p className="notice">
          {t('settings.keyShown')} <code>{create.data.key}</code>
        </p>
      ) : null}
    </Card>
  )
}

type EventName = 'punch' | 'device-online' | 'device-offline' | 'command-result' | 'person-enrolled'
const EVENTS: EventName[] = [
  'punch',
  'device-online',
  'device-offline',
  'command-result',
  'person-enrolled',
]

function Deliveries(props: { id: number }) {
  const { locale } = useI18n()
  const { timeZone } = useSignedIn()
  const list = usePaged(['webhooks', props.id, 'deliveries'], (cursor) =>
    ok(
      api()
        .api.webhooks({ id: props.id })
        .deliveries.get({ query: { limit: 20, ...(cursor ? { cursor } : {}) } }),
    ),
  )
  if (list.isPending) return <Loading />
  if (list.items.length === 0) return <Empty />
  return (
    <table className="table compact">
      <tbody>
        {list.items.map((d) => (
          <tr key={d.id}>
            <td className="nowrap">{dateTime(d.createdAt, timeZone, locale)}</td>
            <td>{d.event}</td>
            <td>
              <Badge
                tone={d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'bad' : 'info'}
              >
                {d.status}
              </Badge>
            </td>
            <td className="muted">
              {d.attempts} × {d.lastStatus ?? d.lastError ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Webhooks() {
  const { t } = useI18n()
  const queries = useQueryClient()
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => ok(api().api.webhooks.get()) })
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<EventName[]>(['punch'])
  const done = () => queries.invalidateQueries({ queryKey: ['webhooks'] })
  const create = useMutation({
    mutationFn: () => ok(api().api.webhooks.post({ url, events })),
    onSuccess: done,
  })
  const remove = useMutation({
    mutationFn: (id: number) => ok(api().api.webhooks({ id }).delete()),
    onSuccess: done,
  })
  const test = useMutation({
    mutationFn: (id: number) => ok(api().api.webhooks({ id }).test.post()),
  })
  const [open, setOpen] = useState<number | null>(null)
  return (
    <Card title={t('settings.webhooks')}>
      <ErrorText error={list.error ?? remove.error ?? test.error} />
      {test.data ? <p className="notice">{JSON.stringify(test.data)}</p> : null}
      {list.data?.length ? (
        <table className="table">
          <tbody>
            {list.data.map((w) => (
              <tr key={w.id}>
                <td className="mono small">{w.url}</td>
                <td>{w.events.join(', ')}</td>
                <td>{w.active ? <Badge tone="ok">on</Badge> : <Badge tone="muted">off</Badge>}</td>
                <td className="right nowrap">
                  <Button variant="link" onClick={() => setOpen(open === w.id ? null : w.id)}>
                    {t('settings.deliveries')}
                  </Button>
                  <Button variant="link" onClick={() => test.mutate(w.id)}>
                    {t('settings.test')}
                  </Button>
                  <Button variant="link" onClick={() => remove.mutate(w.id)}>
                    {t('common.delete')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}
      {open !== null ? <Deliveries id={open} /> : null}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <Field label={t('settings.url')} wide>
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
            placeholder="https://"
          />
        </Field>
        <fieldset className="checks inline">
          <legend>{t('settings.events')}</legend>
          {EVENTS.map((ev) => (
            <label key={ev}>
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))
                }
              />{' '}
              {ev}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary">
          {t('settings.newWebhook')}
        </Button>
      </form>
      <ErrorText error={create.error} />
    </Card>
  )
}

function AuditLog() {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const list = usePaged(['audit'], (cursor) =>
    ok(api().api.audit.get({ query: { limit: 50, ...(cursor ? { cursor } : {}) } })),
  )
  return (
    <Card title={t('settings.audit')}>
      <ErrorText error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <Empty />
      ) : (
        <table className="table" data-testid="audit">
          <thead>
            <tr>
              <th>{t('settings.when')}</th>
              <th>{t('settings.actor')}</th>
              <th>{t('settings.action')}</th>
              <th>{t('settings.entity')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id}>
                <td className="nowrap">{dateTime(a.at, timeZone, locale)}</td>
                <td>{a.actor}</td>
                <td>{a.action}</td>
                <td className="mono small">
                  {a.entity} {a.entityId ?? ''}
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
  )
}

export function Settings() {
  const { t } = useI18n()
  const session = useSignedIn()
  return (
    <Page title={t('settings.title')}>
      {can(session, 'GET', '/api/operators') ? <Operators /> : null}
      {can(session, 'GET', '/api/keys') ? <ApiKeys /> : null}
      {can(session, 'GET', '/api/webhooks') ? <Webhooks /> : null}
      {can(session, 'GET', '/api/audit') ? <AuditLog /> : null}
    </Page>
  )
}
