import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'bench',
    pool: 'threads',
    include: ['src/**/*.test.ts'],
  },
})
