import type { Subprocess } from 'bun'

/**
 * Every process the bench starts, so an interrupted run (Ctrl-C) ends them instead of leaving a
 * server or a load generator running on its own.
 */
export class ChildRegistry {
  private readonly children = new Set<Subprocess>()

  track<T extends Subprocess>(child: T): T {
    this.children.add(child)
    void child.exited.then(() => this.children.delete(child))
    return child
  }

  get size(): number {
    return this.children.size
  }

  /** SIGKILLs every child still running and waits for them. */
  async killAll(): Promise<void> {
    const left = [...this.children]
    for (const child of left) child.kill('SIGKILL')
    await Promise.all(left.map((c) => c.exited))
  }
}

/** The run's registry: passed explicitly would thread it through every phase for one signal. */
export const children = new ChildRegistry()
