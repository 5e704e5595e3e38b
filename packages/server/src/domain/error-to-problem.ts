/**
 * What escapes a domain command, as a problem: our own problems as they are, and database errors that no
 * command refined (a lost connection, a constraint) through db/errors.ts. http/ calls this, never db/.
 */
import { databaseErrorToProblem } from '../db/errors.ts'
import { isProblem, type Problem } from '../errors.ts'

export function commandErrorToProblem(error: unknown): Problem | undefined {
  return isProblem(error) ? error : databaseErrorToProblem(error)
}
