import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate, useParams } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { can } from '../api/access'
import { ApiError, api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { dateTime } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { Button, Card, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'
import { PersonTerminals } from './person-terminals'

interface Form {
  pin: string
  name: string
  card: string
  privilege: 0 | 14
  groupIds: number[]
}

const EMPTY: Form = { pin: '', name: '', card: '', privilege: 0, groupIds: [] }

function Credentials(props: { pin: string }) {
  const { t, locale } = useI18n()
  const session = useSignedIn()
  const creds = useQuery({
    queryKey: ['people', props.pin, 'credentials'],
    queryFn: () => ok(api().api.people({ pin: props.pin }).credentials.get({ query: {} })),
  })
  const templates = creds.data?.templates ?? []
  return (
    <Card title={t('people.templates')}>
      <ErrorText error={creds.error} />
      {templates.length === 0 ? (
        <p className="muted">{t('people.noTemplates')}</p>
      ) : (
        <table className="table compact">
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.id}>
                <td>{tpl.kind}</td>
                <td className="muted">#{tpl.index}</td>
                <td className="mono">{tpl.sourceSn ?? ''}</td>
                <td className="muted">{dateTime(tpl.updatedAt, session.timeZone, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  )
}

export function Person() {
  const { t } = useI18n()
  const session = useSignedIn()
  const { pin } = useParams({ from: '/people/$pin' })
  const creating = pin === 'new'
  const navigate = useNavigate()
  const queries = useQueryClient()
  const person = useQuery({
    queryKey: ['people', pin],
    queryFn: () => ok(api().api.people({ pin }).get()),
    enabled: !creating,
  })
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const [form, setForm] = useState<Form>(EMPTY)
  const [reach, setReach] = useState<string | null>(null)
  useEffect(() => {
    if (creating) setForm(EMPTY)
    else if (person.data) {
      setForm({
        pin: person.data.pin,
        name: person.data.name,
        card: person.data.card ?? '',
        privilege: person.data.privilege === 14 ? 14 : 0,
        groupIds: person.data.groupIds,
      })
    }
  }, [creating, person.data])
  const editable = can(session, creating ? 'POST' : 'PATCH', '/api/people')
  const save = useMutation({
    mutationFn: async () => {
      const fields = {
        name: form.name,
        // The route's closed set of privileges reaches the client typed as never (a union built from an array).
        privilege: form.privilege as never,
        card: form.card.trim() === '' ? null : form.card.trim(),
        groupIds: form.groupIds,
      }
      return creating
        ? ok(api().api.people.post({ pin: form.pin.trim(), ...fields }))
        : ok(api().api.people({ pin }).patch(fields))
    },
    onSuccess: async (saved) => {
      setReach(
        saved.terminals > 0 ? t('people.reach', { n: saved.terminals }) : t('people.reachNone'),
      )
      await queries.invalidateQueries({ queryKey: ['people'] })
      if (creating) await navigate({ to: '/people/$pin', params: { pin: saved.person.pin } })
    },
  })
  const remove = useMutation({
    mutationFn: () => ok(api().api.people({ pin }).delete()),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['people'] })
      await navigate({ to: '/people' })
    },
  })
  if (!creating && person.isPending) return <Loading />
  if (!creating && !person.data) return <ErrorText error={person.error} />
  const cardTaken = save.error instanceof ApiError && save.error.status === 409 && form.card !== ''
  return (
    <Page
      title={creating ? t('people.new') : person.data?.name || pin}
      actions={
        !creating && can(session, 'DELETE', '/api/people') ? (
          <Button
            variant="danger"
            onClick={() => {
              if (window.confirm(t('people.deleteConfirm'))) remove.mutate()
            }}
          >
            {t('common.delete')}
          </Button>
        ) : null
      }
    >
      <div className="grid-2">
        <Card title={creating ? null : t('people.edit')}>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault()
              save.mutate()
            }}
          >
            <fieldset disabled={!editable} className="plain-fieldset">
              <Field label={t('people.pin')}>
                <input
                  value={form.pin}
                  readOnly={!creating}
                  required
                  pattern="[A-Za-z0-9]{1,24}"
                  onChange={(e) => setForm({ ...form, pin: e.target.value })}
                />
              </Field>
              <Field label={t('common.name')}>
                <input
                  value={form.name}
                  maxLength={64}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                />
              </Field>
              <Field label={t('people.card')}>
                <input
                  value={form.card}
                  inputMode="numeric"
                  onChange={(e) => setForm({ ...form, card: e.target.value })}
                />
              </Field>
              <Field label={t('people.privilege')}>
                <select
                  value={form.privilege}
                  onChange={(e) =>
                    setForm({ ...form, privilege: Number(e.target.value) === 14 ? 14 : 0 })
                  }
                >
                  <option value={0}>{t('people.privilege.0')}</option>
                  <option value={14}>{t('people.privilege.14')}</option>
                </select>
              </Field>
              <fieldset className="checks">
                <legend>{t('people.groups')}</legend>
                {(groups.data ?? []).length === 0 ? <Empty /> : null}
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
              {cardTaken ? (
                <p className="error">{t('people.cardInUse')}</p>
              ) : (
                <ErrorText error={save.error} />
              )}
              <ErrorText error={remove.error} />
              {reach ? (
                <p className="notice" data-testid="reach">
                  {reach}
                </p>
              ) : null}
              {editable ? (
                <Button type="submit" variant="primary" disabled={save.isPending}>
                  {t('common.save')}
                </Button>
              ) : null}
            </fieldset>
          </form>
        </Card>
        {creating ? null : (
          <div>
            <PersonTerminals pin={pin} />
            <Credentials pin={pin} />
          </div>
        )}
      </div>
    </Page>
  )
}
