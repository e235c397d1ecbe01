import { describe, expect, it } from 'vitest'
import * as terminal from './index'

describe('public API', () => {
  it('exposes the runtime, the sync loop, the command executor and the systemd notifier', () => {
    for (const name of [
      'Terminal',
      'openStore',
      'createTerminalSyncTask',
      'createSyncTask',
      'CommandExecutor',
      'canonicalCard',
      'createSystemdNotifier',
      'createFileLog',
      'scanCredential',
      'startSimControl',
    ] as const) {
      expect(typeof terminal[name], name).toBe('function')
    }
    expect(terminal.TERMINAL_VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })
})
