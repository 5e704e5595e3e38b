#!/usr/bin/env node
// The installed `openput` bin: registers tsx so that the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
