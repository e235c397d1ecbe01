import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      'tooling/bench',
      'tooling/dev',
      'tests/e2e',
      'tests/e2e/vitest.browser.config.ts',
    ],
  },
})
