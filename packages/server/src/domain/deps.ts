/**
 * What every domain command receives: the database and the per-process caches. Built once by main.ts
 * (or a test) and handed to createApp; nothing in domain/ reaches for globals.
 */
import type { Db } from '../db/database.ts'
import { FicheValidators } from './fiches/validators.ts'

export interface Deps {
  db: Db
  /** ajv validators of published fiches, compiled once per template version. */
  validators: FicheValidators
}

export const createDeps = (db: Db): Deps => ({ db, validators: new FicheValidators() })
