import { type ButtonHTMLAttributes, type ReactNode, useEffect } from 'react'
import { ApiError } from '../api/client'
import { useI18n } from '../i18n/i18n'

/** A screen: its title, the actions beside it, and its content. */
export function Page(props: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page">
      <header className="page-head">
        <h1>{props.title}</h1>
        {props.actions ? <div className="page-actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </section>
  )
}

export function Card(props: { title?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="card">
      {props.title || props.actions ? (
        <div className="card-head">
          {props.title ? <h2>{props.title}</h2> : <span />}
          {props.actions}
        </div>
      ) : null}
      {props.children}
    </div>
  )
}

export function Button({
  variant = 'secondary',
  className,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'link'
}) {
  return <button type="button" className={`btn btn-${variant} ${className ?? ''}`} {...rest} />
}

export function Badge(props: {
  tone: 'ok' | 'warn' | 'bad' | 'muted' | 'info'
  children: ReactNode
}) {
  return <span className={`badge badge-${props.tone}`}>{props.children}</span>
}

export function Field(props: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, inside the label
    <label className={`field ${props.wide ? 'field-wide' : ''}`}>
      <span>{props.label}</span>
      {props.children}
    </label>
  )
}

/** The server's message for a failed request, in a line the operator can read. */
export function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n()
  if (!error) return null
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error)
  return (
    <p className="error" role="alert">
      {t('common.error')}: {message}
    </p>
  )
}

export function Loading() {
  const { t } = useI18n()
  return <p className="muted">{t('common.loading')}</p>
}

export function Empty() {
  const { t } = useI18n()
  return <p className="muted empty">{t('common.none')}</p>
}

/** A dialog over the page (the native element: focus handling and Escape come with it). */
export function Dialog(props: {
  title: string
  onClose: () => void
  children: ReactNode
  /** For long forms: twice the width, so fields sit side by side */
  wide?: boolean
}) {
  const { onClose } = props
  // Escape closes it wherever the focus is (an open, non-modal dialog gets no Escape of its own).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <dialog open className={props.wide ? 'dialog dialog-wide' : 'dialog'} aria-label={props.title}>
      <div className="dialog-box">
        <div className="card-head">
          <h2>{props.title}</h2>
          <Button variant="link" onClick={props.onClose} aria-label="close">
            ×
          </Button>
        </div>
        {props.children}
      </div>
    </dialog>
  )
}

/** Text of `{ name, pin }` as one cell. */
export function PersonCell(props: { name: string | null; pin: string }) {
  const { t } = useI18n()
  return (
    <span>
      {props.name ?? <em className="muted">{t('attendance.unknown')}</em>}{' '}
      <span className="muted mono">#{props.pin}</span>
    </span>
  )
}
