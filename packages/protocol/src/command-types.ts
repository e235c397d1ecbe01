import type { Field } from './fields'
import type {
  BioPhoto,
  BioTemplate,
  EnrollBio,
  EnrollCard,
  EnrollFingerprint,
  FaceTemplate,
  FingerTemplate,
  UserInfo,
  UserPhoto,
  VeinTemplate,
} from './wire-records'

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
