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
  RETURN_CAPACITY_EXCEEDED,
  RETURN_ENROLL_ALREADY_ENROLLED,
  RETURN_ENROLL_CANCELLED,
  RETURN_ENROLL_DUPLICATE,
  RETURN_ENROLL_POOR_QUALITY,
  RETURN_ILLEGAL_TEMPLATE_FORMAT,
  RETURN_NOT_SUPPORTED,
  RETURN_OK,
  RETURN_PENDING_SUBCONTROLLER,
  RETURN_PIN_NOT_FOUND,
  RETURN_READ_WRITE_ERROR,
  RETURN_TEMPLATE_SIZE_MISMATCH,
  RETURN_TIMEOUT,
  returnCodeMeaning,
} from './return-codes'
export type { BioTemplate, FaceTemplate, FingerTemplate, UserInfo } from './wire-records'
