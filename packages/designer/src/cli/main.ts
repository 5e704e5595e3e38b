/**
 * The `openput` command: reads argv and files, runs one command, sets the exit code. The only designer
 * code that touches the file system and the process; everything else is the pure core.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { parseCommandLine, USAGE_FR } from './args.ts'
import { EXIT, type Io, runCommand } from './commands.ts'

const io: Io = {
  readText(path) {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return undefined
    }
  },
  writeText(path, text) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  },
  join,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

const parsed = parseCommandLine(process.argv.slice(2))
if (parsed.ok) {
  process.exitCode = runCommand(parsed.command, io)
} else {
  process.stderr.write(`openput : ${parsed.message}\n\n${USAGE_FR}`)
  process.exitCode = EXIT.unreadable
}
