import { AS608_ALGORITHM, isAs608Template } from '@webroster/protocol'
import type { TemplateKind } from '../db/schema'

/**
 * What a terminal said it can use, from its pushed options and INFO telemetry. Every field is optional:
 * `undefined` means the device never reported it, which is different from "not supported".
 */
export interface DeviceCapabilities {
  /** Fingerprint algorithm major version (`FPVersion`, `~ZKFPVersion`, `fpAlgorithm`) */
  fpVersion?: number
  /**
   * A fingerprint sensor that keeps its own library in a format of its own: `as608` when the terminal reports
   * `AS608` as its algorithm (a Webroster terminal with an AS608 / R30x sensor).
   */
  fpFormat?: 'as608'
  faceVersion?: number
  veinVersion?: number
  /** `MultiBioDataSupport`, one flag per biometric type index */
  bioSupport?: boolean[]
  /** `MultiBioVersion`, one major version per biometric type index (undefined where 0 or empty) */
  bioVersions?: Array<number | undefined>
  /** Whether the device reported any biometric capability at all */
  reported: boolean
}

/** The template facts compatibility depends on. */
export interface TemplateFacts {
  kind: TemplateKind
  bioType: number
  majorVer: string
  template: string
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function lookup(sources: ReadonlyArray<Record<string, unknown>>, names: readonly string[]) {
  const wanted = new Set(names.map((n) => n.toLowerCase()))
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const bare = key.replace(/^~/, '').toLowerCase()
      if (
        wanted.has(bare) &&
        value !== null &&
        value !== undefined &&
        String(value).trim() !== ''
      ) {
        return String(value).trim()
      }
    }
  }
  return undefined
}

/** Major version of a version string (`10.3` → 10); 0 and garbage mean "none reported". */
export function majorVersion(text: string | undefined): number | undefined {
  const match = /^\s*(\d+)/.exec(text ?? '')
  const n = match ? Number(match[1]) : 0
  return n > 0 ? n : undefined
}

/** Reads a device's biometric capabilities from its `options` and `telemetry` columns. */
export function deviceCapabilities(
  options: Record<string, unknown>,
  telemetry: Record<string, unknown>,
): DeviceCapabilities {
  // The poll's `INFO=` values are kept under `info` (fpAlgorithm is its sixth value).
  const info = telemetry.info
  const sources = [options, telemetry, ...(isRecord(info) ? [info] : [])]
  const caps: DeviceCapabilities = { reported: false }
  const fpText = lookup(sources, ['FPVersion', 'ZKFPVersion', 'fpAlgorithm', 'FPAlgVer'])
  if (fpText?.toUpperCase() === AS608_ALGORITHM) caps.fpFormat = 'as608'
  const fp = majorVersion(fpText)
  if (fp !== undefined) caps.fpVersion = fp
  const face = majorVersion(lookup(sources, ['FaceVersion', 'faceAlgorithm']))
  if (face !== undefined) caps.faceVersion = face
  const vein = majorVersion(lookup(sources, ['FvVersion', 'veinAlgorithm']))
  if (vein !== undefined) caps.veinVersion = vein
  const support = lookup(sources, ['MultiBioDataSupport'])
  if (support !== undefined) caps.bioSupport = support.split(':').map((v) => v.trim() === '1')
  const versions = lookup(sources, ['MultiBioVersion'])
  if (versions !== undefined) caps.bioVersions = versions.split(':').map((v) => majorVersion(v))
  caps.reported = Object.keys(caps).length > 1
  return caps
}

/** Algorithm major version of a stored template; FP templates without one are recognised by their header. */
export function templateVersion(t: TemplateFacts): number | undefined {
  const stated = majorVersion(t.majorVer)
  if (stated !== undefined) return stated
  if (t.kind !== 'fp') return undefined
  // ZK v10 templates start with the bytes `SS21` (base64 `TUzIx`); ZKTeco's server treats `oco…` as v9.
  if (t.template.startsWith('TUzIx')) return 10
  if (t.template.startsWith('oco')) return 9
  return undefined
}

const BIO_FINGER = 1
const BIO_FACE = 2
const BIO_VEIN = 7

function deviceVersionFor(caps: DeviceCapabilities, bioType: number): number | undefined {
  const unified = caps.bioVersions?.[bioType]
  if (unified !== undefined) return unified
  if (bioType === BIO_FINGER) return caps.fpVersion
  if (bioType === BIO_FACE) return caps.faceVersion
  if (bioType === BIO_VEIN) return caps.veinVersion
  return undefined
}

function typeOf(t: TemplateFacts): number {
  if (t.kind === 'fp') return BIO_FINGER
  if (t.kind === 'face') return BIO_FACE
  if (t.kind === 'fvein') return BIO_VEIN
  return t.bioType
}

/**
 * Whether a device can use a template. A template is withheld on a *known* mismatch: the device reported no
 * unified-template support for its type (a device that reports biometric capabilities but no
 * `MultiBioDataSupport` is taken not to speak BIODATA), or both sides report algorithm versions and they differ.
 * When a side is unknown it is sent: a terminal that cannot use it answers -11/-12/-30, which shows on the
 * command, whereas withholding would silently leave a terminal that never pushes its options without templates.
 * AS608 fingerprints are the exception both ways: their format is always known (tagged in the template, reported by
 * the terminal), no ZK terminal can use one and an AS608 sensor can use nothing else, so they go exactly to the
 * terminals that report that format.
 */
export function canUseTemplate(caps: DeviceCapabilities, t: TemplateFacts): boolean {
  const bioType = typeOf(t)
  // Legacy FINGERTMP/FACE tables are not governed by the unified-template support flags.
  if (t.kind === 'biodata' && caps.reported && caps.bioSupport?.[bioType] !== true) return false
  if (bioType === BIO_FINGER && (caps.fpFormat === 'as608' || isAs608Template(t.template))) {
    return caps.fpFormat === 'as608' && isAs608Template(t.template)
  }
  const device = deviceVersionFor(caps, bioType)
  const template = templateVersion(t)
  return device === undefined || template === undefined || device === template
}
