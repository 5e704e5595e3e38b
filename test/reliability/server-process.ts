/**
 * The real server as a child process (`node --import tsx packages/server/src/main.ts`), the way it runs in
 * production: started on a free loopback port, waited for, killed hard or stopped cleanly by the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = 'packages/server/src/main.ts'

export interface ServerProcess {
  child: ChildProcess
  port: number
  url: string
  /** Everything the process printed so far (stdout and stderr), for assertions and failure messages. */
  output(): string
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>
  /** SIGKILL (a crash) or SIGTERM (a clean shutdown); resolves once the process is gone. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | string>
}

/** A port nobody listens on right now (the kernel's pick, released before the server takes it). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * The environment the child gets: only what it needs, so the caller's DATABASE_URL (or any OPENPUT_*)
 * never leaks into a run meant for another database.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS']
  const base = Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]]))
  return { ...base, HOST: '127.0.0.1', OPENPUT_MODE: 'development', ...env }
}

/** Spawns main.ts without waiting for it: for a start expected to fail. */
export function spawnServer(env: Record<string, string>, port: number): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: childEnv({ ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  })
  const stop = async (signal: 'SIGKILL' | 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    return exited
  }
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => text, exited, stop }
}

/** Starts main.ts and resolves once it listens; rejects (after killing it) if it exits or takes too long. */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const server = spawnServer(env, await freePort())
  const deadline = Date.now() + timeoutMs
  const gone = () => server.child.exitCode !== null || server.child.signalCode !== null
  // Polls the child's output until it listens, exits, or the deadline passes.
  while (!/OpenPUT écoute sur/.test(server.output()) && !gone() && Date.now() <= deadline) {
    // biome-ignore lint/performance/noAwaitInLoops: polling, one tick at a time
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (gone()) throw new Error(`le serveur s'est arrêté au démarrage :\n${server.output()}`)
  if (!/OpenPUT écoute sur/.test(server.output())) {
    await server.stop('SIGKILL')
    throw new Error(`le serveur n'écoute pas après ${timeoutMs} ms :\n${server.output()}`)
  }
  return server
}

/** Kills whatever is still running; for afterAll, so no test leaves a process behind. */
export async function killAll(servers: Iterable<ServerProcess | undefined>) {
  await Promise.all([...servers].map((s) => s?.stop('SIGKILL')))
}
