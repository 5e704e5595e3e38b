/**
 * The volume generator's command line (the generator itself is bench/volume/generate.ts): creates, or
 * finds complete and reuses, the database `openput_volume_s<scale>_<seed>` next to DATABASE_URL (the local
 * Postgres when unset), printing progress and the throughput.
 *
 * `pnpm --filter @openput/server volume` — VOLUME_SCALE (default 0.05; 1 = national scale), VOLUME_SEED,
 * VOLUME_WORKERS (default 4).
 */
import { openVolumeDatabase, printProgress } from './volume/volume-database.ts'

async function main() {
  const scale = Number(process.env.VOLUME_SCALE ?? 0.05)
  const seed = Number(process.env.VOLUME_SEED ?? 20261123)
  const workers = Number(process.env.VOLUME_WORKERS ?? 4)
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const volume = await openVolumeDatabase(baseUrl, { scale, seed, workers, onProgress: printProgress })
  try {
    console.log(volume.reused ? `${volume.name}: already complete, reused` : `${volume.name}: generated`)
    if (volume.summary) {
      const { plan, ...counts } = volume.summary
      console.log(
        JSON.stringify({
          establishments: plan.establishments,
          programmes: plan.programmes.length,
          mainProgrammePatients: plan.programmes[0]!.patients,
          ...counts,
          commandsPerSecond: Math.round(counts.commands / counts.seconds),
        }),
      )
    }
  } finally {
    await volume.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
