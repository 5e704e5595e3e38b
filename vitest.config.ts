import { defineConfig } from 'vitest/config'

// One `pnpm test` runs every package's suite; each package keeps its own config beside its code.
export default defineConfig({
  test: {
    projects: ['packages/designer', 'packages/server', 'packages/runtime', 'test', 'test/browser'],
  },
})
