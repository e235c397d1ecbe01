import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'e2e',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
    exclude: ['src/browser/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
