import { Link } from '@tanstack/react-router'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { ago } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { usePaged } from '../ui/pager'
import { Badge, Button, Card, Empty, ErrorText, Loading, Page } from '../ui/ui'
import { TerminalState } from './terminal-state'

export function Terminals() {
  const { t, locale } = useI18n()
  useSignedIn()
  const list = usePaged(['devices', 'list'], (cursor) =>
    ok(api().api.devices.get({ query: { limit: 100, ...(cursor ? { cursor } : {}) } })),
  )
  return (
    <Page title={t('terminals.title')}>
      <Card>
        <ErrorText error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty />
        ) : (
          <table className="table" data-testid="terminals">
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                <th>{t('common.status')}</th>
                <th>{t('terminals.lastSeen')}</th>
                <th>{t('terminals.firmware')}</th>
                <th>{t('terminals.zone')}</th>
                <th className="num">{t('terminals.punches')}</th>
                <th className="num">{t('terminals.pendingCommands')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <tr key={d.sn}>
                  <td>
                    <Link to="/terminals/$sn" params={{ sn: d.sn }}>
                      {d.name || d.sn}
                    </Link>
                    {d.name ? <div className="muted mono small">{d.sn}</div> : null}
                  </td>
                  <td>
                    <TerminalState status={d.status} online={d.online} />{' '}
                    {d.timeIssue ? (
                      <Badge tone="warn">{t(`terminals.clock.${d.timeIssue}`)}</Badge>
                    ) : null}
                  </td>
                  <td className="nowrap">
                    {d.lastSeenAt ? ago(d.lastSeenAt, locale) : t('common.never')}
                  </td>
                  <td className="muted">{d.firmware ?? '—'}</td>
                  <td className="muted">{d.effectiveTimeZone}</td>
                  <td className="num">{d.punchCount.toLocaleString(locale)}</td>
                  <td className="num">{d.pendingCommands}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()}>{t('common.more')}</Button>
        ) : null}
      </Card>
    </Page>
  )
}
