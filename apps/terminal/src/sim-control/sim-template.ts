/**
 * A simulated fingerprint template: deterministic for (pin, finger) and readable when decoded,
 * so a template seen on the server can be traced back to the simulated enrolment.
 */
export function simTemplate(pin: string, finger: number): string {
  const text = `WEBROSTER-SIM-FP pin=${pin} finger=${finger} `
  // Repeat to a realistic-ish size without randomness.
  return Buffer.from(text.repeat(Math.ceil(512 / text.length)).slice(0, 512)).toString('base64')
}
