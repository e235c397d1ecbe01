import { useMutation, useQueryClient } from '@tanstack/react-query'
import { can } from '../api/access'
import { api, ok } from '../api/client'
import { useSignedIn } from '../api/session'
import { dateTime } from '../i18n/dates'
import { useI18n } from '../i18n/i18n'
import { Badge, Button } from './ui'

export interface CommandLine {
  id: number
  sn: string
  type: string
  text: string
  status: string
  reason: string | null
  returnCode: number | null
  resultMeaning: string | null
  createdBy: string | null
  createdAt: string
}

const TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = {
  queued: 'info',
  sent: 'warn',
  delivered: 'muted',
  succeeded: 'ok',
  failed: 'bad',
}

/** Commands with their state and result, and cancel for those not yet sent. */
export function CommandsTable(props: { commands: CommandLine[]; showTerminal?: boolean }) {
  const { t, locale } = useI18n()
  const session = useSignedIn()
  const queries = useQueryClient()
  const cancel = useMutation({
    mutationFn: (id: number) => ok(api().api.commands({ id }).cancel.post()),
    onSettled: () => queries.invalidateQueries({ queryKey: ['commands'] }),
  })
  const mayCancel = can(session, 'POST', '/api/commands/1/cancel')
  return (
    <table className="table" data-testid="commands">
      <thead>
        <tr>
          <th>{t('common.created')}</th>
          {props.showTerminal ? <th>{t('commands.terminal')}</th> : null}
          <th>{t('commands.command')}</th>
          <th>{t('common.status')}</th>
          <th>{t('commands.result')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.commands.map((c) => (
          <tr key={c.id}>
            <td className="nowrap">{dateTime(c.createdAt, session.timeZone, locale)}</td>
            {props.showTerminal ? <td className="mono">{c.sn}</td> : null}
            <td>
              <strong>{c.type}</strong>
              <div className="muted mono small truncate" title={c.text}>
                {c.text}
              </div>
            </td>
            <td>
              <Badge tone={TONE[c.status] ?? 'muted'}>{c.status}</Badge>
            </td>
            <td className="muted">
              {c.reason ??
                c.resultMeaning ??
                (c.returnCode === null ? '' : `return ${c.returnCode}`)}
            </td>
            <td>
              {mayCancel && c.status === 'queued' ? (
                <Button variant="link" onClick={() => cancel.mutate(c.id)}>
                  {t('commands.cancel')}
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
