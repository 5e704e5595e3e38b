/**
 * Vite build of the designer web app into `dist-ui/`, which the server serves at `/designer/` (SPA
 * fallback to index.html). Built by `pnpm build`.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/designer/',
  plugins: [react()],
  build: { outDir: 'dist-ui', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2500 },
})
