/**
 * Per-request values every handler can read (`c.var.deps`, `c.var.actor`), typed once.
 */
import type { Actor } from '../domain/actor.ts'
import type { Deps } from '../domain/deps.ts'

export interface AppEnv {
  Variables: {
    deps: Deps
    actor: Actor
  }
}
