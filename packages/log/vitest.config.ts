import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'log',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
