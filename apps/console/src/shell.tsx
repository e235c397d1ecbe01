import { Link, Outlet } from '@tanstack/react-router'
import { can } from './api/access'
import { signOut, useQueries, useSession } from './api/session'
import type { MessageKey } from './i18n/en'
import { LANGUAGES, type Language, useI18n } from './i18n/i18n'
import { SignIn } from './screens/sign-in'
import { ErrorText, Loading } from './ui/ui'

const NAV: Array<{ to: string; label: MessageKey; area: string }> = [
  { to: '/', label: 'nav.overview', area: '/api/attendance' },
  { to: '/terminals', label: 'nav.terminals', area: '/api/devices' },
  { to: '/people', label: 'nav.people', area: '/api/people' },
  { to: '/attendance', label: 'nav.attendance', area: '/api/attendance' },
  { to: '/timesheets', label: 'nav.timesheets', area: '/api/timesheets' },
  { to: '/commands', label: 'nav.commands', area: '/api/commands' },
  { to: '/settings', label: 'nav.settings', area: '/api/operators' },
]

export function LanguagePicker() {
  const { t, language, setLanguage } = useI18n()
  return (
    <select
      aria-label={t('nav.language')}
      className="language"
      value={language}
      onChange={(e) => setLanguage(e.target.value as Language)}
    >
      {Object.keys(LANGUAGES).map((code) => (
        <option key={code} value={code}>
          {code === 'en' ? 'English' : 'Español'}
        </option>
      ))}
    </select>
  )
}

/** Sign-in until there is a session; then the navigation and the screen. */
export function Shell() {
  const { t } = useI18n()
  const session = useSession()
  const queries = useQueries()
  if (session.isPending) return <Loading />
  if (session.error) return <ErrorText error={session.error} />
  if (!session.data) return <SignIn />
  const me = session.data
  return (
    <div className="shell">
      <nav className="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </div>
        <ul>
          {NAV.filter((n) => can(me, 'GET', n.area)).map((n) => (
            <li key={n.to}>
              <Link
                to={n.to}
                activeOptions={{ exact: n.to === '/' }}
                activeProps={{ className: 'active' }}
              >
                {t(n.label)}
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <div className="who">
            <strong>{me.operator?.displayName || me.name}</strong>
            <span className="muted">
              {me.operator ? t(`settings.role.${me.operator.role}` as MessageKey) : me.kind}
            </span>
          </div>
          <LanguagePicker />
          <button type="button" className="btn btn-link" onClick={() => void signOut(queries)}>
            {t('nav.signOut')}
          </button>
        </div>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  )
}
