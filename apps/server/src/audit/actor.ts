/** Who made a change: the admin token, an API key or an operator, as `Principal` names them. */
export interface Actor {
  kind: string
  name: string
}

/** Who made a change, as commands and audit rows record it: `admin`, `key:<name>`, `operator:<username>`. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'admin') return 'admin'
  return `${actor.kind}:${actor.name}`
}
