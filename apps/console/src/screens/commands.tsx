import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { useI18n } from '../i18n/i18n'
import { CommandsTable } from '../ui/commands-table'
import { Button, Card, Empty, ErrorText, Field, Loading, Page } from '../ui/ui'

/** Commands a fleet-wide send offers: those that need no per-person fields. */
const FLEET_KINDS = ['set-time', 'reboot', 'check', 'info'] as const

function FleetCommand() {
  const { t } = useI18n()
  const queries = useQueryClient()
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const [type, setType] = useState<(typeof FLEET_KINDS)[number]>('set-time')
  const [group, setGroup] = useState('')
  const send = useMutation({
    mutationFn: () =>
      ok(
        api().api.commands.post({
          // The route's `type` is a union of literals built from an array, which the client types as never.
          type: type as never,
          ...(group ? { group } : { all: true as const }),
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['commands'] }),
  })
  return (
    <Card title={t('commands.fleet')}>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault()
          send.mutate()
        }}
      >
        <Field label={t('commands.command')}>
          <select
            value={type}
            onChange={(e) => setType(e.target.value as (typeof FLEET_KINDS)[number])}
          >
            {FLEET_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </Field>
        <Field label={t('commands.target')}>
          <select value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t('commands.everyTerminal')}</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.id} value={String(g.id)}>
                {g.name}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={send.isPending}>
          {t('commands.send')}
        </Button>
      </form>
      <ErrorText error={send.error} />
      {send.data ? (
        <p className="notice">{t('commands.sent', { n: send.data.commands.length })}</p>
      ) : null}
    </Card>
  )
}

/** Every terminal's recent commands (there is no fleet-wide list: one small page per terminal). */
export function Commands() {
  const { t } = useI18n()
  const session = useSignedIn()
  const devices = useQuery({
    queryKey: ['devices', 'all'],
    queryFn: () => ok(api().api.devices.get({ query: { limit: 1000 } })),
  })
  const sns = (devices.data?.items ?? []).filter((d) => d.status === 'approved').map((d) => d.sn)
  const perDevice = useQueries({
    queries: sns.map((sn) => ({
      queryKey: ['commands', sn],
      queryFn: () =>
        ok(
          api()
            .api.devices({ sn })
            .commands.get({ query: { limit: 30 } }),
        ),
    })),
  })
  const all = perDevice
    .flatMap((q) => q.data?.items ?? [])
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
  return (
    <Page title={t('commands.title')}>
      {can(session, 'POST', '/api/commands') ? <FleetCommand /> : null}
      <Card>
        <ErrorText error={devices.error} />
        {devices.isPending ? (
          <Loading />
        ) : all.length === 0 ? (
          <Empty />
        ) : (
          <CommandsTable commands={all} showTerminal />
        )}
      </Card>
    </Page>
  )
}
