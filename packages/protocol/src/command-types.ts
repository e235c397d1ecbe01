/** One `key=value` field of a command, in wire order. */
export type Field = [key: string, value: string]

/** A user record as `DATA UPDATE USERINFO` (and legacy `DATA USER`) carry it. */
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

/** `DATA UPDATE FINGERTMP`: `size` is left out when it equals the template's length. */
export interface FingerTemplate {
  pin: string
  fid: number
  size?: number
  /** 0 invalid, 1 normal, 3 duress */
  valid: number
  template: string
  extra?: Record<string, string>
}

/** `DATA UPDATE FACE`. */
export interface FaceTemplate {
  pin: string
  fid: number
  valid: number
  size?: number
  template: string
  extra?: Record<string, string>
}

/** `DATA UPDATE FVEIN`. */
export interface VeinTemplate {
  pin: string
  fid: number
  index: number
  valid: number
  size?: number
  template: string
  extra?: Record<string, string>
}

/** `DATA UPDATE BIODATA` (unified template). */
export interface BioTemplate {
  pin: string
  no: number
  index: number
  valid: number
  duress: number
  /** biometric type (§12.6): 1 fingerprint, 2 NIR face, 9 visible face … */
  type: number
  majorVer: number
  minorVer: number
  /** 0 ZK, 1 ISO, 2 ANSI */
  format: number
  template: string
  extra?: Record<string, string>
}

/** `DATA UPDATE USERPIC`: base64 JPEG (`format` 0) or a URL (`format` 1). */
export interface UserPhoto {
  pin: string
  size?: number
  content?: string
  format?: number
  url?: string
  extra?: Record<string, string>
}

/** `DATA UPDATE BIOPHOTO`: comparison photo. */
export interface BioPhoto {
  pin: string
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

/** Attendance tables whose `DATA UPDATE` the model keeps as a plain field list. */
export type GenericUpdateTable =
  | 'SMS'
  | 'USER_SMS'
  | 'ADPIC'
  | 'WALLPAPER'
  | 'WORKCODE'
  | 'ShortcutKey'
  | 'AccGroup'
  | 'AccTimeZone'
  | 'AccHoliday'
  | 'AccUnLockComb'
  | 'BLACKLIST'
  | 'WHITELIST'
  | 'IDCARD'

/** Attendance tables accepted by `DATA DELETE`. */
export type DeleteTable =
  | 'USERINFO'
  | 'FINGERTMP'
  | 'FACE'
  | 'FVEIN'
  | 'BIODATA'
  | 'USERPIC'
  | 'BIOPHOTO'
  | 'SMS'
  | 'WORKCODE'
  | 'ADPIC'
  | 'BLACKLIST'
  | 'WHITELIST'
  | 'WALLPAPER'

/** What `CLEAR …` wipes. */
export type ClearTarget = 'LOG' | 'PHOTO' | 'DATA' | 'BIODATA' | 'ALL USERINFO'

/** `UPGRADE` forms: base64 file (`checksum,url,size`), raw (`type=1,…`), chunked (`…,supportsubcontracting=1`). */
export type UpgradeMode = 'base64' | 'raw' | 'chunked'

/** `DATA UPDATE <table>` of the Attendance PUSH protocol. */
export type DataUpdateCommand =
  | { type: 'DATA UPDATE'; table: 'USERINFO'; user: UserInfo }
  | { type: 'DATA UPDATE'; table: 'FINGERTMP'; fingerprint: FingerTemplate }
  | { type: 'DATA UPDATE'; table: 'FACE'; face: FaceTemplate }
  | { type: 'DATA UPDATE'; table: 'FVEIN'; vein: VeinTemplate }
  | { type: 'DATA UPDATE'; table: 'BIODATA'; bio: BioTemplate }
  | { type: 'DATA UPDATE'; table: 'USERPIC'; photo: UserPhoto }
  | { type: 'DATA UPDATE'; table: 'BIOPHOTO'; bioPhoto: BioPhoto }
  | { type: 'DATA UPDATE'; table: GenericUpdateTable; fields: Field[] }

/** Commands without arguments. */
export type KeywordCommandType =
  | 'CHECK'
  | 'LOG'
  | 'INFO'
  | 'REBOOT'
  | 'RESTART'
  | 'RELOAD OPTIONS'
  | 'AC_UNLOCK'
  | 'AC_UNALARM'
  | 'NOALARM'

/**
 * Every server → terminal command of the PUSH protocols (§7 attendance, §10 security). `ACC …` types are the
 * Security-PUSH forms, whose tables are lower-case and whose results echo the full verb.
 */
export type Command =
  | DataUpdateCommand
  | { type: 'DATA DELETE'; table: DeleteTable; condition: Field[] }
  | { type: 'DATA QUERY'; table: string; condition: Field[] }
  | { type: 'DATA USER'; user: UserInfo }
  | { type: 'DATA FP'; fields: Field[] }
  | { type: 'CLEAR'; target: ClearTarget }
  | { type: KeywordCommandType }
  | { type: 'CONTROL DEVICE'; action: number; params: number[] }
  | { type: 'SET OPTION'; key: string; value: string }
  | { type: 'SET OPTIONS'; options: Field[] }
  | { type: 'GET OPTIONS'; keys: string[] }
  | { type: 'VERIFY SUM'; table: string; condition: Field[] }
  | { type: 'GetFile'; path: string }
  /** `path` must be set when `options` are (they follow it on the wire) */
  | { type: 'PutFile'; url: string; path?: string; options: Field[] }
  | { type: 'ENROLL_FP'; enroll: EnrollFingerprint }
  | { type: 'ENROLL_MF'; enroll: EnrollCard }
  | { type: 'ENROLL_BIO'; enroll: EnrollBio }
  | { type: 'SHELL'; command: string }
  | {
      type: 'UPGRADE'
      mode: UpgradeMode
      checksum: string
      url: string
      size: number
      extra: Field[]
    }
  | { type: 'RESET PWD'; fields: Field[] }
  | { type: 'SMS'; fields: Field[] }
  | { type: 'ACC DATA UPDATE'; table: string; fields: Field[] }
  | { type: 'ACC DATA DELETE'; table: string; condition: string }
  | { type: 'ACC DATA QUERY'; tableName: string; fieldDesc: string; filter: string }
  | { type: 'DATA COUNT'; table: string; condition?: string }
  | { type: 'ACCOUNT'; table: string; condition: Field[] }
  | { type: 'TEST HOST'; address: string }
  /** Several DATA UPDATE (or DATA DELETE) records of one table in one command, one record per line on the wire */
  | { type: 'DATA BATCH'; records: Command[] }
  | { type: 'UNKNOWN'; text: string }

/** The `type` of every command. */
export type CommandType = Command['type']
