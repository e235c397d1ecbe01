import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
    // A worker's first PGlite database runs initdb; on a loaded 2-core machine that takes seconds.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
})
