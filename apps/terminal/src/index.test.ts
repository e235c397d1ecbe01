import { describe, expect, it } from 'vitest'
import {
  CommandExecutor,
  canonicalCard,
  createFileLog,
  createSyncTask,
  createSystemdNotifier,
  createTerminalSyncTask,
  openStore,
  scanCredential,
  startSimControl,
  TERMINAL_VERSION,
  Terminal,
} from './index'

describe('public API', () => {
  it('exposes the runtime, the sync loop, the command executor and the systemd notifier', () => {
    const exported = [
      Terminal,
      openStore,
      createTerminalSyncTask,
      createSyncTask,
      CommandExecutor,
      canonicalCard,
      createSystemdNotifier,
      createFileLog,
      scanCredential,
      startSimControl,
    ]
    for (const value of exported) expect(typeof value).toBe('function')
    expect(TERMINAL_VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })
})
