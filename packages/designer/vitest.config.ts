import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'designer',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
