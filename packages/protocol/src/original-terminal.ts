import { controlDeviceReboot } from './command-control'
import { isRebootCommand } from './command-echo'
import type { Command } from './command-types'

/** The User-Agent the original Webroster Python terminal sends on every request. */
export const ORIGINAL_TERMINAL_USER_AGENT = 'Mindware_bioterminal'

/**
 * Whether a client never reports command results (the original Webroster terminal never calls
 * `/iclock/devicecmd`): a command to it is delivered once, and no result will ever come.
 * @example neverAcknowledges('Mindware_bioterminal') // true
 */
export function neverAcknowledges(userAgent: string | null | undefined): boolean {
  return (userAgent ?? '').toLowerCase().includes(ORIGINAL_TERMINAL_USER_AGENT.toLowerCase())
}

/**
 * Whether a client judges every reply by its HTTP status alone: the original Webroster terminal marks punches
 * synced and deletes uploaded logs on any 200, whatever the body says, so data not stored must not get a 2xx.
 * @example readsStatusOnly('Mindware_bioterminal') // true
 */
export function readsStatusOnly(userAgent: string | null | undefined): boolean {
  return neverAcknowledges(userAgent)
}

/**
 * The form of a command the original Webroster terminal obeys, or undefined when it obeys none. It acts on two
 * substrings only: `CONTROL DEVICE 03000000` (restart) and `USERINFO` (read as an upsert of PIN and Name), so
 * a `DATA DELETE USERINFO` or `DATA QUERY USERINFO` would create the very user it names: never send those.
 * @example originalTerminalForm({ type: 'REBOOT' }) // { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] }
 */
export function originalTerminalForm(command: Command): Command | undefined {
  if (isRebootCommand(command)) return controlDeviceReboot()
  if (command.type === 'DATA UPDATE' && command.table === 'USERINFO') return command
  if (command.type === 'DATA USER')
    return { type: 'DATA UPDATE', table: 'USERINFO', user: command.user }
  return undefined
}
