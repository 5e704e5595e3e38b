import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'cross-package',
    include: ['**/*.test.ts'],
    // Browser tests are their own project (test/browser/vitest.config.ts): they need the apps built.
    exclude: ['**/node_modules/**', 'browser/**'],
  },
})
