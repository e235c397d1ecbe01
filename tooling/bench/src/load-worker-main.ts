import { runWorker, type WorkerConfig } from './load-worker'

// Entry of one load-generator process: config in, one JSON line of results out.
const config = JSON.parse(process.env.BENCH_WORKER ?? '{}') as WorkerConfig
const result = await runWorker(config)
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
