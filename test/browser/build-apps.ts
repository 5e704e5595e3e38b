/**
 * Vitest globalSetup of the browser tests: builds the runtime and designer web apps once per run with
 * Vite's JS API, into a temporary folder of this run (so parallel runs never share a half-written dist),
 * and hands the folders to the tests through `inject('webApps')`.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { TestProject } from 'vitest/node'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The part of Vite's JS API used here. */
type ViteBuild = (config: {
  configFile: string
  mode: 'production'
  logLevel: 'warn'
  build: { outDir: string; emptyOutDir: boolean; sourcemap: boolean }
}) => Promise<unknown>

/** Vite as the app packages resolve it (the test package does not depend on it). */
async function viteBuild(): Promise<ViteBuild> {
  const fromRuntime = createRequire(join(REPO_ROOT, 'packages/runtime/package.json'))
  const vite = (await import(pathToFileURL(fromRuntime.resolve('vite')).href)) as { build: ViteBuild }
  return vite.build
}

export interface WebAppsBuild {
  runtimeDir: string
  designerDir: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    webApps: WebAppsBuild
  }
}

/** An app is built when its Vite config exists (the designer's UI may not have one yet). */
async function buildApp(build: ViteBuild, configFile: string, outDir: string) {
  if (!existsSync(configFile)) return
  await build({
    configFile,
    mode: 'production',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  })
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(join(tmpdir(), 'openput-web-'))
  const webApps: WebAppsBuild = { runtimeDir: join(root, 'runtime'), designerDir: join(root, 'designer') }
  const build = await viteBuild()
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: build what ships.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await buildApp(build, join(REPO_ROOT, 'packages/runtime/vite.config.ts'), webApps.runtimeDir)
    await buildApp(build, join(REPO_ROOT, 'packages/designer/vite.config.ts'), webApps.designerDir)
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  project.provide('webApps', webApps)
  return async () => {
    await rm(root, { recursive: true, force: true })
  }
}
