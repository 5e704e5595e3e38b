/**
 * Per-request values every handler can read (`c.var.deps`, `c.var.actor`, `c.var.session`), typed once.
 */
import type { Actor } from '../domain/actor.ts'
import type { SessionView } from '../domain/auth/sessions.ts'
import type { Deps } from '../domain/deps.ts'

export interface AppEnv {
  Variables: {
    deps: Deps
    actor: Actor
    session: SessionView
  }
}
