import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'terminal',
    pool: 'threads',
    include: ['src/**/*.test.ts', 'release/**/*.test.ts'],
  },
})
