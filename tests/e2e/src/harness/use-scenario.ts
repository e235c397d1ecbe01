import { afterAll, afterEach } from 'vitest'
import { Scenario } from './scenario'

/**
 * A Scenario for the current test file: every process it started is killed and every database
 * dropped after the file, even when a test or a hook failed; a failing test prints the tail of
 * every process's output.
 */
export function useScenario(): Scenario {
  const scenario = new Scenario()
  afterEach((context) => {
    if (context.task.result?.state === 'fail') {
      process.stderr.write(`\n${context.task.name}: process output\n${scenario.output()}\n`)
    }
  })
  afterAll(() => scenario.close())
  return scenario
}
