import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { dateTime } from '../i18n/dates'
import type { MessageKey } from '../i18n/en'
import { useI18n } from '../i18n/i18n'
import { Badge, Button, Card, Empty, ErrorText, Loading } from '../ui/ui'

const TONE = { queued: 'warn', delivered: 'ok', failed: 'bad', none: 'muted' } as const

/** The terminals that have (or should have) this person, and where their record stands on each. */
export function PersonTerminals(props: { pin: string }) {
  const { t, locale } = useI18n()
  const { timeZone } = useSignedIn()
  const reach = useQuery({
    queryKey: ['people', props.pin, 'terminals'],
    queryFn: () => ok(api().api.people({ pin: props.pin }).terminals.get()),
  })
  return (
    <Card
      title={t('people.terminals')}
      actions={
        <Button variant="link" onClick={() => void reach.refetch()} disabled={reach.isFetching}>
          {t('people.refresh')}
        </Button>
      }
    >
      <ErrorText error={reach.error} />
      {!reach.data ? (
        <Loading />
      ) : reach.data.terminals.length === 0 ? (
        <Empty />
      ) : (
        <table className="table compact" data-testid="person-terminals">
          <tbody>
            {reach.data.terminals.map((d) => (
              <tr key={d.sn} data-sn={d.sn}>
                <td>
                  <Link to="/terminals/$sn" params={{ sn: d.sn }} className="mono">
                    {d.sn}
                  </Link>{' '}
                  {d.name ? <span className="muted">{d.name}</span> : null}
                </td>
                <td>
                  <Badge tone={TONE[d.state]}>
                    {t(`people.delivery.${d.state}` as MessageKey)}
                  </Badge>
                  {d.state === 'failed' && d.reason ? (
                    <div className="error small">{d.reason}</div>
                  ) : null}
                </td>
                <td className="muted small">{dateTime(d.changedAt, timeZone, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  )
}
