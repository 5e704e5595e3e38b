/**
 * @openput/server's public surface for other packages: types only (the runtime's typed client).
 */
export type { AppType } from './app.ts'
