import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
} from '@tanstack/react-router'
import { Shell } from './shell'

/** The filters an address may open the attendance screen with. */
export interface AttendanceSearch {
  pin?: string
  from?: string
  to?: string
}

/**
 * The console's screens. Only the shell (with sign-in) is in the first load; each screen is its own chunk,
 * fetched when opened (or when a link to it is hovered).
 */
const TIMESHEET_VIEWS: readonly string[] = ['grid', 'person', 'summary', 'exceptions']

/** What the timesheets screen shows: a view, and for a person's month the PIN and `YYYY-MM`. */
export interface TimesheetsSearch {
  view?: 'grid' | 'person' | 'summary' | 'exceptions'
  pin?: string
  month?: string
}

function routeTree() {
  const root = createRootRoute({ component: Shell })
  const under = () => root
  return root.addChildren([
    createRoute({
      getParentRoute: under,
      path: '/',
      component: lazyRouteComponent(() => import('./screens/overview'), 'Overview'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/terminals',
      component: lazyRouteComponent(() => import('./screens/terminals'), 'Terminals'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/terminals/$sn',
      component: lazyRouteComponent(() => import('./screens/terminal'), 'Terminal'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/people',
      component: lazyRouteComponent(() => import('./screens/people'), 'People'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/people/$pin',
      component: lazyRouteComponent(() => import('./screens/person'), 'Person'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/attendance',
      // A link from a timesheet opens the punches of that person and those days.
      validateSearch: (search: Record<string, unknown>): AttendanceSearch => ({
        ...(typeof search.pin === 'string' || typeof search.pin === 'number'
          ? { pin: String(search.pin) }
          : {}),
        ...(typeof search.from === 'string' ? { from: search.from } : {}),
        ...(typeof search.to === 'string' ? { to: search.to } : {}),
      }),
      component: lazyRouteComponent(() => import('./screens/attendance'), 'Attendance'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/timesheets',
      validateSearch: (search: Record<string, unknown>): TimesheetsSearch => ({
        ...(typeof search.view === 'string' && TIMESHEET_VIEWS.includes(search.view)
          ? { view: search.view as NonNullable<TimesheetsSearch['view']> }
          : {}),
        // A PIN of digits reads as a number from the address.
        ...(typeof search.pin === 'string' || typeof search.pin === 'number'
          ? { pin: String(search.pin) }
          : {}),
        ...(typeof search.month === 'string' && /^\d{4}-\d{2}$/.test(search.month)
          ? { month: search.month }
          : {}),
      }),
      component: lazyRouteComponent(() => import('./screens/timesheets'), 'Timesheets'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/timesheets/rules',
      component: lazyRouteComponent(() => import('./screens/timesheet-rules'), 'TimesheetRules'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/commands',
      component: lazyRouteComponent(() => import('./screens/commands'), 'Commands'),
    }),
    createRoute({
      getParentRoute: under,
      path: '/settings',
      component: lazyRouteComponent(() => import('./screens/settings'), 'Settings'),
    }),
  ])
}

export function createAppRouter() {
  return createRouter({ routeTree: routeTree(), defaultPreload: 'intent' })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>
  }
}
