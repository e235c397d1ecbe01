import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'console',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
