import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
} from '@tanstack/react-router'
import { Shell } from './shell'

/**
 * The console's screens. Only the shell (with sign-in) is in the first load; each screen is its own chunk,
 * fetched when opened (or when a link to it is hovered).
 */
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
      component: lazyRouteComponent(() => import('./screens/attendance'), 'Attendance'),
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
