import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
