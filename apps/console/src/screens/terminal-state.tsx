import { useI18n } from '../i18n/i18n'
import { Badge } from '../ui/ui'

/** A terminal's state as one badge: admission first, then whether it is online. */
export function TerminalState(props: { status: string; online: boolean }) {
  const { t } = useI18n()
  if (props.status === 'pending') return <Badge tone="warn">{t('terminals.state.pending')}</Badge>
  if (props.status === 'refused') return <Badge tone="muted">{t('terminals.state.refused')}</Badge>
  return props.online ? (
    <Badge tone="ok">{t('terminals.state.online')}</Badge>
  ) : (
    <Badge tone="bad">{t('terminals.state.offline')}</Badge>
  )
}
