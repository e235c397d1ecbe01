/**
 * Fingerprint templates carry their format in their first bytes, so a server can tell which
 * terminals can use one without asking where it came from. ZK templates have their own headers
 * (`SS21` for v10); an AS608 / R30x template, raw from the sensor's UpChar, gets the six bytes
 * `AS608\0` in front. Six bytes are a whole number of base64 quanta, so the tag is a fixed
 * eight-character prefix of the base64 text and the rest is the sensor's template in base64.
 */

/** The name a terminal reports as its fingerprint algorithm (`INFO` fpAlgorithm) for AS608 templates. */
export const AS608_ALGORITHM = 'AS608'

/** base64 of the bytes `AS608\0`. */
const AS608_TAG = 'QVM2MDgA'

/**
 * Tags an AS608 template (base64 of the sensor's bytes) with its format.
 * @example tagAs608Template('AwE=') // 'QVM2MDgAAwE='
 */
export function tagAs608Template(sensorBase64: string): string {
  return `${AS608_TAG}${sensorBase64}`
}

/**
 * Whether a template (base64) is an AS608 one.
 * @example isAs608Template('QVM2MDgAAwE=') // true
 */
export function isAs608Template(template: string): boolean {
  return template.startsWith(AS608_TAG) && template.length > AS608_TAG.length
}

/**
 * The sensor's own bytes (base64) of an AS608 template, or undefined for any other format.
 * @example untagAs608Template('QVM2MDgAAwE=') // 'AwE='
 */
export function untagAs608Template(template: string): string | undefined {
  return isAs608Template(template) ? template.slice(AS608_TAG.length) : undefined
}
