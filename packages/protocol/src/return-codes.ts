/** Return codes of `/iclock/devicecmd` results (§8 of the protocol reference). */
export const RETURN_OK = 0
export const RETURN_BAD_PARAMETER = -1
export const RETURN_PHOTO_SIZE_MISMATCH = -2
export const RETURN_READ_WRITE_ERROR = -3
export const RETURN_TEMPLATE_SIZE_MISMATCH = -9
export const RETURN_PIN_NOT_FOUND = -10
export const RETURN_ILLEGAL_TEMPLATE_FORMAT = -11
export const RETURN_ILLEGAL_TEMPLATE = -12
export const RETURN_ALGORITHM_MISMATCH = -30
export const RETURN_CAPACITY_EXCEEDED = -1001
export const RETURN_NOT_SUPPORTED = -1002
export const RETURN_TIMEOUT = -1003
export const RETURN_CONFIG_MISMATCH = -1004
export const RETURN_BUSY = -1005
export const RETURN_DATA_TOO_LONG = -1006
export const RETURN_MEMORY_ERROR = -1007
export const RETURN_SERVER_DATA_FAILED = -1008
/** Security PUSH: accepted by the master controller, pending on a sub-controller. */
export const RETURN_PENDING_SUBCONTROLLER = -5000

/** ENROLL_FP / ENROLL_BIO specific codes. */
export const RETURN_ENROLL_ALREADY_ENROLLED = 2
export const RETURN_ENROLL_POOR_QUALITY = 4
export const RETURN_ENROLL_DUPLICATE = 5
export const RETURN_ENROLL_CANCELLED = 6
export const RETURN_ENROLL_BUSY = 7

/** ENROLL_MF specific codes. */
export const RETURN_ENROLL_MF_ACCESS_ERROR = -3
export const RETURN_ENROLL_MF_RETRIES_EXHAUSTED = 4
export const RETURN_ENROLL_MF_TIMEOUT = 5
export const RETURN_ENROLL_MF_CANCELLED = 6

const GENERAL: Readonly<Record<number, string>> = {
  [RETURN_OK]: 'success',
  [RETURN_BAD_PARAMETER]: 'bad parameter (or not supported / no data)',
  [RETURN_PHOTO_SIZE_MISMATCH]: 'user photo size mismatch (or file operation failed)',
  [RETURN_READ_WRITE_ERROR]: 'read/write error',
  [RETURN_TEMPLATE_SIZE_MISMATCH]: 'template size mismatch',
  [RETURN_PIN_NOT_FOUND]: 'user PIN not on the device',
  [RETURN_ILLEGAL_TEMPLATE_FORMAT]: 'illegal fingerprint template format',
  [RETURN_ILLEGAL_TEMPLATE]: 'illegal fingerprint template',
  [RETURN_ALGORITHM_MISMATCH]: 'template algorithm version mismatch',
  [RETURN_CAPACITY_EXCEEDED]: 'capacity exceeded',
  [RETURN_NOT_SUPPORTED]: 'command not supported (invalid syntax)',
  [RETURN_TIMEOUT]: 'timeout',
  [RETURN_CONFIG_MISMATCH]: 'data inconsistent with device configuration (table or feature absent)',
  [RETURN_BUSY]: 'device busy',
  [RETURN_DATA_TOO_LONG]: 'data too long',
  [RETURN_MEMORY_ERROR]: 'memory error',
  [RETURN_SERVER_DATA_FAILED]: 'failed to fetch data from the server',
  [RETURN_PENDING_SUBCONTROLLER]: 'accepted, pending on the sub-controller',
}

const ENROLL: Readonly<Record<number, string>> = {
  [RETURN_ENROLL_ALREADY_ENROLLED]: 'already enrolled',
  [RETURN_ENROLL_POOR_QUALITY]: 'poor quality or inconsistent samples',
  [RETURN_ENROLL_DUPLICATE]: 'duplicate of another enrolled finger',
  [RETURN_ENROLL_CANCELLED]: 'enrolment cancelled',
  [RETURN_ENROLL_BUSY]: 'device busy',
}

const ENROLL_MF: Readonly<Record<number, string>> = {
  [RETURN_ENROLL_MF_ACCESS_ERROR]: 'card access error',
  [RETURN_ENROLL_MF_RETRIES_EXHAUSTED]: 'retries exhausted',
  [RETURN_ENROLL_MF_TIMEOUT]: 'timeout',
  [RETURN_ENROLL_MF_CANCELLED]: 'cancelled (Esc)',
}

/** Echoes whose non-negative Return is a byte count or a row count, not an error. */
const COUNTING = new Set(['GETFILE', 'PUTFILE', 'SHELL'])

/**
 * Human-readable meaning of a result's Return code, using the echoed CMD for command-specific codes.
 * @example returnCodeMeaning(-1002) // 'command not supported (invalid syntax)'
 */
export function returnCodeMeaning(code: number, cmd?: string): string {
  const upper = cmd?.trim().toUpperCase()
  if (upper === 'ENROLL_MF' && ENROLL_MF[code]) return ENROLL_MF[code]
  if ((upper === 'ENROLL_FP' || upper === 'ENROLL_BIO') && ENROLL[code]) return ENROLL[code]
  const general = GENERAL[code]
  if (general) return general
  if (code > 0) return `success (${code})`
  return `unknown error ${code}`
}

/**
 * Whether a Return code means success: attendance devices answer 0; Security PUSH (and attendance
 * GetFile/PutFile/Shell) answer any value ≥ 0, often a count.
 * @example isSuccessReturn(3, 'acc') // true
 */
export function isSuccessReturn(
  code: number,
  family: 'att' | 'acc' = 'att',
  cmd?: string,
): boolean {
  if (family === 'acc' || (cmd !== undefined && COUNTING.has(cmd.trim().toUpperCase())))
    return code >= 0
  return code === 0
}
