import type { Credential, CredentialSensor, FingerprintSensor } from './ports'

/** A named part of a combined sensor, so a probe failure says which reader is missing. */
export type SensorPart = { name: string; sensor: CredentialSensor }

/**
 * The fingerprint sensor's 1:N matches as credentials: the slot that matched (null for a finger
 * the library does not hold). Mapping the slot to a person is the punch flow's business.
 */
export function fingerprintCredentials(fingerprint: FingerprintSensor): CredentialSensor {
  return {
    probe: () => fingerprint.probe(),
    async poll(): Promise<Credential | null> {
      const match = await fingerprint.identify()
      return match ? { kind: 'finger-slot', slot: match.slot } : null
    },
    close: () => fingerprint.close(),
  }
}

/**
 * Several readers polled as one, in order, one credential per poll. The probe fails only when no
 * part answers: a terminal whose fingerprint sensor is missing still takes cards (each part
 * re-probes by itself while polled), and `onProbeFailure` hears about the missing part.
 * @example const sensor = combineSensors([{ name: 'card reader', sensor: pn532 }])
 */
export function combineSensors(
  parts: readonly SensorPart[],
  options: { onProbeFailure?: (name: string, error: unknown) => void } = {},
): CredentialSensor {
  return {
    async probe() {
      const results = await Promise.allSettled(parts.map((p) => p.sensor.probe()))
      const failures = results.flatMap((r, i) =>
        r.status === 'rejected' ? [{ name: parts[i]?.name ?? '', error: r.reason as unknown }] : [],
      )
      if (failures.length === parts.length && parts.length > 0) {
        const why = failures.map((f) => (f.error instanceof Error ? f.error.message : f.error))
        throw new Error(why.join('; '), { cause: failures[0]?.error })
      }
      for (const f of failures) options.onProbeFailure?.(f.name, f.error)
    },
    async poll() {
      for (const part of parts) {
        const credential = await part.sensor.poll()
        if (credential) return credential
      }
      return null
    },
    async close() {
      const results = await Promise.allSettled(parts.map((p) => p.sensor.close()))
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
      if (errors.length > 0) throw new AggregateError(errors, 'a sensor did not close cleanly')
    },
  }
}
