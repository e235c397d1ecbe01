/**
 * The key=value records of the protocol, each with one type and one spec used in both directions: a device
 * uploads them (OPERLOG `USER`, `FP`, …) and the server sends them (`DATA UPDATE USERINFO`, `FINGERTMP`, …).
 * An upload is a device's whole row, so keys it leaves out take their upload defaults; a command is a partial
 * update, so keys the server leaves out stay out (the terminal keeps what it has).
 */

/** How one typed property of a record maps to a wire key. */
export interface FieldSpec {
  prop: string
  /** the key as the protocol document spells it in commands (matched in any case when parsing) */
  key: string
  kind: 'string' | 'int'
  /** the record is unusable without it, in either direction */
  required?: boolean
  /** the value when the key is absent, in either direction */
  fallback?: string | number
  /** uploads only: the value when the key is absent */
  uploadFallback?: string | number
  /** uploads only: the line is rejected without it */
  uploadRequired?: boolean
  /** uploads spell the key so (FACE `SIZE`, `VALID`) */
  uploadKey?: string
  /** `Size` keys: the length of this base64 property; left out of a command model when equal */
  lengthOf?: string
  /** a base64 payload: an upload that is not base64 is rejected, not fanned out as a broken template */
  base64?: boolean
}

/** A user record: OPERLOG `USER`, `DATA UPDATE USERINFO` (and legacy `DATA USER`). */
export interface UserInfo {
  pin: string
  name?: string
  /** `Pri`: 0 user, 2 enroller, 6 admin, 10 user-defined, 14 super admin */
  privilege?: number
  password?: string
  /** `Card`: decimal or `[15CD5B07]` form, as the wire carries it */
  card?: string
  group?: number
  /** `TZ`: 16 digits, `0000…` = group time zones */
  timeZones?: string
  /** `Verify`: absent = group default */
  verify?: number
  viceCard?: string
  startDatetime?: string
  endDatetime?: string
  expires?: number
  /** keys the model does not name (e.g. `Category`), and typed keys whose value was not canonical */
  extra?: Record<string, string>
}

/** A fingerprint template: OPERLOG `FP`, `DATA UPDATE FINGERTMP`; `size` is left out when it equals the length. */
export interface FingerTemplate {
  pin: string
  fid: number
  size?: number
  /** 0 invalid, 1 normal, 3 duress */
  valid: number
  template: string
  extra?: Record<string, string>
}

/** A face template: OPERLOG `FACE`, `DATA UPDATE FACE`. */
export type FaceTemplate = FingerTemplate

/** A finger-vein template: OPERLOG `FVEIN`, `DATA UPDATE FVEIN`. */
export interface VeinTemplate {
  pin: string
  fid: number
  index: number
  valid: number
  size?: number
  template: string
  extra?: Record<string, string>
}

/** A unified biometric template: `BIODATA` in uploads and `DATA UPDATE BIODATA`. */
export interface BioTemplate {
  pin: string
  no: number
  index: number
  valid: number
  duress: number
  /** biometric type (§12.6): 1 fingerprint, 2 NIR face, 9 visible face … */
  type: number
  /** algorithm version as the wire carries it ('' when unstated) */
  majorVer: string
  minorVer: string
  /** 0 ZK, 1 ISO, 2 ANSI */
  format: number
  template: string
  extra?: Record<string, string>
}

/** A user photo: OPERLOG `USERPIC`, `DATA UPDATE USERPIC`; base64 JPEG (`format` 0) or a URL (`format` 1). */
export interface UserPhoto {
  pin: string
  fileName?: string
  size?: number
  content?: string
  format?: number
  url?: string
  extra?: Record<string, string>
}

/** A comparison photo: OPERLOG `BIOPHOTO`, `DATA UPDATE BIOPHOTO`. */
export interface BioPhoto {
  pin: string
  fileName?: string
  type?: number
  no?: number
  index?: number
  size?: number
  content?: string
  format?: number
  url?: string
  postBackTmpFlag?: number
  extra?: Record<string, string>
}

/** A device error report (`ERRORLOG`, ≥2.4.1); uploads only. */
export interface DeviceError {
  errCode: string
  errMsg: string
  dataOrigin: string
  cmdId: string
  additional: string
}

/** `ENROLL_FP PIN=\tFID=\tRETRY=\tOVERWRITE=`. */
export interface EnrollFingerprint {
  pin: string
  fid?: number
  retry?: number
  overwrite?: number
  extra?: Record<string, string>
}

/** `ENROLL_MF PIN=\tRETRY=`. */
export interface EnrollCard {
  pin: string
  retry?: number
  extra?: Record<string, string>
}

/** `ENROLL_BIO TYPE=\tPIN=\tCardNo=\tRETRY=\tOVERWRITE=`. */
export interface EnrollBio {
  type: number
  pin: string
  cardNo?: string
  retry?: number
  overwrite?: number
  extra?: Record<string, string>
}

type Options = Omit<FieldSpec, 'prop' | 'key' | 'kind'>
const s = (prop: string, key: string, o: Options = {}): FieldSpec => ({
  prop,
  key,
  kind: 'string',
  ...o,
})
const i = (prop: string, key: string, o: Options = {}): FieldSpec => ({
  prop,
  key,
  kind: 'int',
  ...o,
})
const REQUIRED: Options = { required: true }
const pinOf = (key: string) => s('pin', key, REQUIRED)
const payload = (prop: string, key: string, o: Options = REQUIRED) =>
  s(prop, key, { base64: true, ...o })
const size = (key: string, lengthOf: string, o: Options = {}) => i('size', key, { lengthOf, ...o })

/** USER / USERINFO in the field order of the protocol document's example. */
export const USER_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  s('name', 'Name', { uploadFallback: '' }),
  i('privilege', 'Pri', { uploadFallback: 0 }),
  s('password', 'Passwd', { uploadFallback: '' }),
  s('card', 'Card', { uploadFallback: '' }),
  i('group', 'Grp'),
  s('timeZones', 'TZ', { uploadFallback: '' }),
  i('verify', 'Verify'),
  s('viceCard', 'ViceCard', { uploadFallback: '' }),
  s('startDatetime', 'StartDatetime'),
  s('endDatetime', 'EndDatetime'),
  i('expires', 'Expires'),
]

/** FP / FINGERTMP. */
export const FP_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  i('fid', 'FID', REQUIRED),
  size('Size', 'template'),
  i('valid', 'Valid', { fallback: 1 }),
  payload('template', 'TMP'),
]

/** FACE: the document orders Valid before Size in commands, and uploads spell them in capitals. */
export const FACE_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  i('fid', 'FID', REQUIRED),
  i('valid', 'Valid', { fallback: 1, uploadKey: 'VALID' }),
  size('Size', 'template', { uploadKey: 'SIZE' }),
  payload('template', 'TMP'),
]

/** FVEIN. */
export const FVEIN_SPEC: readonly FieldSpec[] = [
  pinOf('Pin'),
  i('fid', 'FID', REQUIRED),
  i('index', 'Index', { fallback: 0 }),
  i('valid', 'Valid', { fallback: 1 }),
  size('Size', 'template'),
  payload('template', 'Tmp'),
]

/** BIODATA. */
export const BIODATA_SPEC: readonly FieldSpec[] = [
  pinOf('Pin'),
  i('no', 'No', { fallback: 0 }),
  i('index', 'Index', { fallback: 0 }),
  i('valid', 'Valid', { fallback: 1 }),
  i('duress', 'Duress', { fallback: 0 }),
  i('type', 'Type', REQUIRED),
  s('majorVer', 'MajorVer', { fallback: '' }),
  s('minorVer', 'MinorVer', { fallback: '' }),
  i('format', 'Format', { fallback: 0 }),
  payload('template', 'Tmp'),
]

/** USERPIC: a command may carry a URL instead of the content; an upload always carries the content. */
export const USERPIC_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  s('fileName', 'FileName', { uploadFallback: '' }),
  size('Size', 'content'),
  payload('content', 'Content', { uploadRequired: true }),
  i('format', 'Format'),
  s('url', 'Url'),
]

/** BIOPHOTO. */
export const BIOPHOTO_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  s('fileName', 'FileName', { uploadFallback: '' }),
  i('type', 'Type', { uploadFallback: 0 }),
  i('no', 'No'),
  i('index', 'Index'),
  size('Size', 'content'),
  payload('content', 'Content', { uploadRequired: true }),
  i('format', 'Format'),
  s('url', 'Url'),
  i('postBackTmpFlag', 'PostBackTmpFlag'),
]

/** ERRORLOG (uploads only). */
export const ERRORLOG_SPEC: readonly FieldSpec[] = [
  s('errCode', 'ErrCode', REQUIRED),
  s('errMsg', 'ErrMsg', { fallback: '' }),
  s('dataOrigin', 'DataOrigin', { fallback: '' }),
  s('cmdId', 'CmdId', { fallback: '' }),
  s('additional', 'Additional', { fallback: '' }),
]

export const ENROLL_FP_SPEC: readonly FieldSpec[] = [
  pinOf('PIN'),
  i('fid', 'FID'),
  i('retry', 'RETRY'),
  i('overwrite', 'OVERWRITE'),
]

export const ENROLL_MF_SPEC: readonly FieldSpec[] = [pinOf('PIN'), i('retry', 'RETRY')]

export const ENROLL_BIO_SPEC: readonly FieldSpec[] = [
  i('type', 'TYPE', REQUIRED),
  pinOf('PIN'),
  s('cardNo', 'CardNo'),
  i('retry', 'RETRY'),
  i('overwrite', 'OVERWRITE'),
]
