import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { useDeferredValue, useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { useI18n } from '../i18n/i18n'
import { usePaged } from '../ui/pager'
import { Button, Card, Empty, ErrorText, Loading, Page } from '../ui/ui'
import { ImportDialog } from './people-import'

export function People() {
  const { t } = useI18n()
  const session = useSignedIn()
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const [groupId, setGroupId] = useState('')
  const [importing, setImporting] = useState(false)
  const q = useDeferredValue(search.trim())
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => ok(api().api.groups.get()) })
  const list = usePaged(['people', 'list', q, groupId], (cursor) =>
    ok(
      api().api.people.get({
        query: {
          limit: 50,
          ...(q ? { q } : {}),
          ...(groupId ? { groupId: Number(groupId) } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    ),
  )
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]))
  return (
    <Page
      title={t('people.title')}
      actions={
        <>
          <a className="btn btn-secondary" href="/api/people/export?bom=true" download>
            {t('people.export')}
          </a>
          {can(session, 'POST', '/api/people/import') ? (
            <Button onClick={() => setImporting(true)}>{t('people.import')}</Button>
          ) : null}
          {can(session, 'POST', '/api/people') ? (
            <Button
              variant="primary"
              onClick={() => void navigate({ to: '/people/$pin', params: { pin: 'new' } })}
            >
              {t('people.new')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card>
        <div className="toolbar">
          <input
            type="search"
            placeholder={t('people.searchPlaceholder')}
            aria-label={t('common.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select
            aria-label={t('people.groups')}
            value={groupId}
            onChange={(e) => setGroupId(e.target.value)}
          >
            <option value="">{t('people.allGroups')}</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <ErrorText error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty />
        ) : (
          <table className="table" data-testid="people">
            <thead>
              <tr>
                <th>{t('people.pin')}</th>
                <th>{t('common.name')}</th>
                <th>{t('people.card')}</th>
                <th>{t('people.groups')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((p) => (
                <tr key={p.pin}>
                  <td className="mono">{p.pin}</td>
                  <td>
                    <Link to="/people/$pin" params={{ pin: p.pin }}>
                      {p.name || '—'}
                    </Link>
                  </td>
                  <td className="mono">{p.card ?? ''}</td>
                  <td className="muted">
                    {p.groupIds.map((id) => groupName.get(id) ?? id).join(', ')}
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
      {importing ? <ImportDialog onClose={() => setImporting(false)} /> : null}
    </Page>
  )
}
