import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useCallback, useState } from 'react'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { type LivePunch, useLivePunches } from '../api/live'
import { useSignedIn } from '../api/session'
import { dayIn, timeOfDay } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { Badge, Card, Empty, ErrorText, Page, PersonCell } from '../ui/ui'

/** Most punches counted for "today" in one page; an office past it sees "1000+". */
const TODAY_PAGE = 1000
/** Today's exceptions listed here; the timesheets screen has them all. */
const EXCEPTIONS_SHOWN = 8

function Stat(props: { label: string; value: string | number; tone?: string; testId: string }) {
  return (
    <div className={`stat ${props.tone ?? ''}`} data-testid={props.testId}>
      <span className="stat-value">{props.value}</span>
      <span className="stat-label">{props.label}</span>
    </div>
  )
}

export function Overview() {
  const { t, locale, word } = useI18n()
  const session = useSignedIn()
  const zone = session.timeZone
  const today = dayIn(zone)
  const devices = useQuery({
    queryKey: ['devices', 'all'],
    queryFn: () => ok(api().api.devices.get({ query: { limit: 1000 } })),
    retry: false,
  })
  const punches = useQuery({
    queryKey: ['attendance', 'today', today],
    queryFn: () =>
      ok(api().api.attendance.get({ query: { from: today, timeZone: zone, limit: TODAY_PAGE } })),
  })
  const mayReadTimesheets = can(session, 'GET', '/api/timesheets/exceptions')
  const exceptions = useQuery({
    queryKey: ['timesheets', 'exceptions', 'today', today],
    queryFn: () =>
      ok(
        api().api.timesheets.exceptions.get({
          query: { from: today, to: today, limit: EXCEPTIONS_SHOWN },
        }),
      ),
    enabled: mayReadTimesheets,
    refetchInterval: 60_000,
  })
  const [live, setLive] = useState<LivePunch[]>([])
  const onPunch = useCallback((p: LivePunch) => {
    setLive((list) => (list.some((x) => x.id === p.id) ? list : [p, ...list].slice(0, 200)))
  }, [])
  const connected = useLivePunches(onPunch)

  const items = devices.data?.items ?? []
  const approved = items.filter((d) => d.status === 'approved')
  const online = approved.filter((d) => d.online).length
  const pending = items.filter((d) => d.status === 'pending')
  const clock = approved.filter((d) => d.timeIssue !== null)
  const offline = approved.filter((d) => !d.online)
  const stored = punches.data?.items ?? []
  const seen = new Set(stored.map((p) => p.id))
  const fresh = live.filter((p) => !seen.has(p.id))
  const todayCount = stored.length + fresh.length
  const unknownToday =
    stored.filter((p) => p.unknownPerson).length + fresh.filter((p) => p.personName === null).length
  const feed: LivePunch[] = [...fresh, ...stored].slice(0, 30)

  return (
    <Page title={t('overview.title')}>
      <div className="stats">
        {devices.data ? (
          <>
            <Stat testId="stat-online" label={t('overview.online')} value={online} tone="ok" />
            <Stat
              testId="stat-offline"
              label={t('overview.offline')}
              value={offline.length}
              tone={offline.length ? 'bad' : ''}
            />
            <Stat
              testId="stat-pending"
              label={t('overview.pending')}
              value={pending.length}
              tone={pending.length ? 'warn' : ''}
            />
            <Stat
              testId="stat-clock"
              label={t('overview.clockProblem')}
              value={clock.length}
              tone={clock.length ? 'warn' : ''}
            />
          </>
        ) : null}
        <Stat
          testId="stat-today"
          label={t('overview.punchesToday')}
          value={stored.length >= TODAY_PAGE ? `${TODAY_PAGE}+` : todayCount}
          tone="info"
        />
        <Stat
          testId="stat-unknown"
          label={t('overview.unknownToday')}
          value={unknownToday}
          tone={unknownToday ? 'warn' : ''}
        />
      </div>
      <div className="grid-2">
        <Card
          title={t('overview.live')}
          actions={
            <Badge tone={connected ? 'ok' : 'muted'}>
              {connected ? `● ${t('overview.liveConnected')}` : t('overview.liveConnecting')}
            </Badge>
          }
        >
          <ErrorText error={punches.error} />
          {feed.length === 0 ? (
            <p className="muted empty">{t('overview.liveEmpty')}</p>
          ) : (
            <table className="table" data-testid="live-feed">
              <tbody>
                {feed.map((p) => (
                  <tr key={p.id} className={fresh.includes(p as LivePunch) ? 'row-new' : ''}>
                    <td className="mono nowrap">{timeOfDay(p.punchedAt, zone, locale)}</td>
                    <td>
                      <PersonCell name={p.personName} pin={p.pin} />
                    </td>
                    <td>{word('state', p.state)}</td>
                    <td className="muted">{word('verify', p.verifyMode)}</td>
                    <td className="muted mono">{p.sn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {devices.data ? (
          <Card title={t('overview.attention')}>
            {pending.length + offline.length + clock.length + unknownToday === 0 ? (
              <p className="muted empty">{t('overview.allGood')}</p>
            ) : (
              <ul className="attention">
                {[...pending, ...offline, ...clock].map((d) => (
                  <li key={`${d.sn}-${d.status}-${d.online}-${d.timeIssue}`}>
                    <Link to="/terminals/$sn" params={{ sn: d.sn }}>
                      {d.name || d.sn}
                    </Link>{' '}
                    {d.status === 'pending' ? (
                      <Badge tone="warn">{t('terminals.state.pending')}</Badge>
                    ) : !d.online ? (
                      <Badge tone="bad">{t('terminals.state.offline')}</Badge>
                    ) : (
                      <Badge tone="warn">
                        {t(`terminals.clock.${d.timeIssue ?? 'clock-skew'}`)}
                      </Badge>
                    )}
                  </li>
                ))}
                {unknownToday > 0 ? (
                  <li>
                    <Link to="/attendance">{t('overview.unknownToday')}</Link>{' '}
                    <Badge tone="warn">{unknownToday}</Badge>
                  </li>
                ) : null}
              </ul>
            )}
          </Card>
        ) : (
          <Empty />
        )}
      </div>
      {mayReadTimesheets ? (
        <Card
          title={t('overview.exceptionsToday')}
          actions={
            <Link to="/timesheets" search={{ view: 'exceptions' }}>
              {t('overview.allExceptions')}
            </Link>
          }
        >
          <ErrorText error={exceptions.error} />
          {(exceptions.data?.items.length ?? 0) === 0 ? (
            <p className="muted empty">{t('overview.noExceptions')}</p>
          ) : (
            <table className="table" data-testid="exceptions-today">
              <tbody>
                {exceptions.data?.items.map((e) => (
                  <tr key={`${e.pin}-${e.kind}-${e.punchId ?? ''}`}>
                    <td>
                      <Link to="/timesheets" search={{ view: 'person', pin: e.pin }}>
                        #{e.pin}
                      </Link>
                    </td>
                    <td>{word('timesheets.kind', e.kind)}</td>
                    <td className="right muted">{e.minutes ? `${e.minutes} min` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      ) : null}
    </Page>
  )
}
