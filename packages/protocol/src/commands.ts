/** What the server sends terminals, and the results they send back. */

export { dataBatch, dataRecordHead, splitRecordTexts, takesMultiRecordData } from './command-batch'
export { commandEcho, isRebootCommand } from './command-echo'
export { formatBiodataFields, formatCommand } from './command-format'
export { capDelivery, orderForDelivery, parseCommandLines } from './command-lines'
export { parseCommand } from './command-parse'
export type { ClearTarget, Command } from './command-types'
export { type Field, fieldValue } from './fields'
export { originalTerminalForm } from './original-terminal'
export { type DeviceCmdResult, formatDeviceCmdResult, parseDeviceCmdBody } from './results'
export {
  isSuccessReturn,
  RETURN_BAD_PARAMETER,
  RETURN_BUSY,
  RETURN_NOT_SUPPORTED,
  RETURN_OK,
  RETURN_PENDING_SUBCONTROLLER,
  RETURN_READ_WRITE_ERROR,
  RETURN_TEMPLATE_SIZE_MISMATCH,
  returnCodeMeaning,
} from './return-codes'
export type { BioTemplate, FaceTemplate, FingerTemplate, UserInfo } from './wire-records'
