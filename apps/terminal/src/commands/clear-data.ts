import { type ClearTarget, RETURN_BUSY, RETURN_OK } from '@webroster/protocol'
import type { CommandDeps, Execution } from './command-deps'

/**
 * `CLEAR LOG` / `CLEAR DATA` …: the protocol wipes every punch, but a punch the server has not
 * committed would be lost for good. So the backlog is pushed first, and if any punch is still
 * unsent the command answers -1005 (busy) and clears nothing.
 */
export async function clear(deps: CommandDeps, target: ClearTarget): Promise<Execution> {
  const { store } = deps
  if (target === 'LOG' || target === 'DATA') {
    try {
      await deps.flush()
    } catch {
      return { returnCode: RETURN_BUSY }
    }
    if (store.countUnsentPunches() > 0) return { returnCode: RETURN_BUSY }
  }
  store.transaction(() => {
    if (target === 'LOG' || target === 'DATA') store.clearPunches()
    if (target === 'DATA' || target === 'ALL USERINFO') {
      for (const u of store.listUsers()) store.deleteUser(u.pin)
    }
    if (target === 'DATA' || target === 'BIODATA') {
      for (const pin of new Set(store.listTemplates().map((t) => t.pin))) {
        store.deleteTemplates(pin)
      }
    }
  })
  return { returnCode: RETURN_OK }
}
