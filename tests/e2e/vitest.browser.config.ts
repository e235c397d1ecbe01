import { defineProject } from 'vitest/config'

// Pages of the real server in headless Chromium: its own project, so it can run alone (`--project browser`).
export default defineProject({
  test: {
    name: 'browser',
    pool: 'threads',
    include: ['src/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
