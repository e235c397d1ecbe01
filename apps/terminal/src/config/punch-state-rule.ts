/** How a punch's ATTLOG status (0 in, 1 out, …) is chosen, since the terminal has no state keys. */
export type PunchStateRule =
  | { kind: 'fixed'; status: number }
  /** The slot with the latest `from` at or before the local time wins; before the first, the last. */
  | { kind: 'time-of-day'; slots: readonly { from: string; status: number }[] }
  /** Per person per local day: first punch in (0), then out (1), alternating. */
  | { kind: 'toggle' }
