import { describe, expect, it } from 'vitest'
import { ChildRegistry } from './child-registry'

describe('ChildRegistry', () => {
  it('kills what is still running and forgets what has ended', async () => {
    const registry = new ChildRegistry()
    const sleeper = registry.track(Bun.spawn(['sleep', '30']))
    const quick = registry.track(Bun.spawn(['true']))
    await quick.exited
    await Bun.sleep(10)
    expect(registry.size).toBe(1)
    await registry.killAll()
    expect(sleeper.signalCode).toBe('SIGKILL')
    await Bun.sleep(10)
    expect(registry.size).toBe(0)
  })
})
