import { describe, expect, it } from 'vitest'
import * as commands from './commands'
import * as identity from './identity'
import * as root from './index'
import * as session from './session'
import * as time from './time/index'
import * as uploads from './uploads'

describe('package entry points', () => {
  it('the root offers exactly the names of the subpaths', () => {
    const subpaths = [commands, identity, session, time, uploads].flatMap((m) => Object.keys(m))
    expect(new Set(subpaths).size).toBe(subpaths.length)
    expect(Object.keys(root).sort()).toEqual(subpaths.sort())
  })
})
