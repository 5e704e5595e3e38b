/**
 * Vite build of the runtime web app into `dist/`, which the server serves at `/` (SPA fallback to
 * index.html). Built by `pnpm build` (and before `pnpm start`).
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
})
