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

/** Whether a loopback listener can take this port right now (it is released again at once). */
async function canListen(port: number): Promise<boolean> {
  const server = createServer()
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => resolve(true))
  })
  if (ok) await new Promise((resolve) => server.close(resolve))
  return ok
}

// Below Linux's ephemeral range (32768–60999): a port taken from it and released can be handed straight back
// to another listen(0) or to the local end of an outgoing connection (to Postgres, say) before the child
// process binds it. Seen in CI: two servers started together, the second refused with EADDRINUSE.
const PORT_RANGE = { from: 20_000, to: 32_000 }

/** A port nobody listens on right now, outside the ephemeral range, released before the server takes it. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from))
    // biome-ignore lint/performance/noAwaitInLoops: one candidate at a time
    if (await canListen(port)) return port
  }
  throw new Error(`aucun port libre entre ${PORT_RANGE.from} et ${PORT_RANGE.to} après 50 essais`)
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

/**
 * Starts main.ts and resolves once it listens; rejects (after killing it) if it exits or takes too long.
 * A port taken by someone else between freePort and the child's bind is retried on another port.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      // biome-ignore lint/performance/noAwaitInLoops: a retry only after a failed start
      return await startOnce(env, timeoutMs)
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTaken)) throw error
    }
  }
}

class PortTaken extends Error {}

async function startOnce(env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const server = spawnServer(env, await freePort())
  const deadline = Date.now() + timeoutMs
  const gone = () => server.child.exitCode !== null || server.child.signalCode !== null
  // Polls the child's output until it listens, exits, or the deadline passes.
  while (!/OpenPUT écoute sur/.test(server.output()) && !gone() && Date.now() <= deadline) {
    // biome-ignore lint/performance/noAwaitInLoops: polling, one tick at a time
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (gone()) {
    const Failure = /EADDRINUSE/.test(server.output()) ? PortTaken : Error
    throw new Failure(`le serveur s'est arrêté au démarrage :\n${server.output()}`)
  }
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
