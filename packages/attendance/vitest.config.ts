import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'attendance',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
