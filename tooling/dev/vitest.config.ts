import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'dev',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
