import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'cross-package',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
  },
})
