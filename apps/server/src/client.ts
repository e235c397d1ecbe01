import type { createApp } from './app'

/**
 * The composed app's type, for Eden treaty clients: `treaty<App>(origin)`. Type-only, so a client (the console)
 * gets every route's input and reply types without bundling any server code, and an API change breaks its build.
 */
export type App = ReturnType<typeof createApp>
