import { defineConfig } from 'vitest/config'

// Browser tests: the web apps are built once per run (globalSetup), each file starts its own server.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    globalSetup: ['./build-apps.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores shared by everyone: one Chromium at a time.
    fileParallelism: false,
  },
})
