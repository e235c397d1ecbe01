import { controlDeviceReboot } from './command-control'
import type { Command } from './command-types'
import { isRebootCommand } from './commands'

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
 * The form of a command the original Webroster terminal obeys: it restarts only on
 * `CONTROL DEVICE 03000000` (a substring test), so every restart is sent in that form.
 * @example originalTerminalForm({ type: 'REBOOT' }) // { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] }
 */
export function originalTerminalForm(command: Command): Command {
  return isRebootCommand(command) ? controlDeviceReboot() : command
}
