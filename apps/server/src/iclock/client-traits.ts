/**
 * Client software known to judge every reply by its HTTP status alone: the original Webroster Python
 * terminal marks its punches synced (and deletes its log file) on any 200, whatever the body says.
 */
const STATUS_ONLY_AGENTS = [/^Mindware_bioterminal\b/i]

/** Whether the request comes from a client that reads only the HTTP status of a reply. */
export function readsStatusOnly(headers: Headers): boolean {
  const agent = headers.get('user-agent')?.trim()
  return !!agent && STATUS_ONLY_AGENTS.some((re) => re.test(agent))
}
