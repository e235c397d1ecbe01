import { type FormEvent, useState } from 'react'
import { ApiError } from '../api/client'
import { setupFirstAdmin, signIn, useQueries } from '../api/session'
import { useI18n } from '../i18n/i18n'
import { LanguagePicker } from '../shell'
import { Button, Field } from '../ui/ui'

/** Sign-in, and the first administrator's creation with the admin token. */
export function SignIn() {
  const { t } = useI18n()
  const queries = useQueries()
  const [mode, setMode] = useState<'sign-in' | 'setup'>('sign-in')
  const [form, setForm] = useState({ username: '', password: '', token: '', displayName: '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      if (mode === 'sign-in') await signIn(queries, form.username, form.password)
      else
        await setupFirstAdmin(queries, {
          token: form.token,
          username: form.username,
          password: form.password,
          ...(form.displayName ? { displayName: form.displayName } : {}),
        })
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('signIn.failed'))
      else if (err instanceof ApiError && err.status === 429) setError(t('signIn.locked'))
      else if (err instanceof ApiError && err.status === 409) setError(t('setup.exists'))
      else setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>{t('app.name')}</span>
        </div>
        <h1>{mode === 'sign-in' ? t('signIn.title') : t('setup.title')}</h1>
        <p className="muted">{mode === 'sign-in' ? t('signIn.subtitle') : t('setup.help')}</p>
        {mode === 'setup' ? (
          <>
            <Field label={t('setup.token')}>
              <input value={form.token} onChange={set('token')} autoComplete="off" required />
            </Field>
            <Field label={t('setup.displayName')}>
              <input value={form.displayName} onChange={set('displayName')} />
            </Field>
          </>
        ) : null}
        <Field label={t('signIn.username')}>
          <input
            value={form.username}
            onChange={set('username')}
            autoComplete="username"
            required
          />
        </Field>
        <Field label={t('signIn.password')}>
          <input
            type="password"
            value={form.password}
            onChange={set('password')}
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
          />
        </Field>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={busy}>
          {mode === 'sign-in' ? t('signIn.submit') : t('setup.submit')}
        </Button>
        <div className="sign-in-foot">
          <Button
            variant="link"
            onClick={() => {
              setError(null)
              setMode(mode === 'sign-in' ? 'setup' : 'sign-in')
            }}
          >
            {mode === 'sign-in' ? t('signIn.firstTime') : t('setup.back')}
          </Button>
          <LanguagePicker />
        </div>
      </form>
    </div>
  )
}
