/** The API client: `api` for raw calls, typed endpoint functions, the API's shapes and its errors. */
export * from './client.ts'
export * from './endpoints.ts'
export * from './problem.ts'
export type * from './types.ts'
