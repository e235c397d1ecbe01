/** What terminals upload: punches, operation logs and their records, photos, access events. */
export { parseRtlog, parseRtstate, parseTabledata, rtlogToAttlog } from './access'
export {
  type AttlogRecord,
  formatAttlog,
  parseAttlog,
  recordTime,
} from './attlog'
export { parseAttPhoto } from './attphoto'
export { type ErrorCodeMeaning, parseErrorCode } from './error-codes'
export {
  formatOperlogRecord,
  type OperlogRecord,
  parseBiodata,
  parseErrorlog,
  parseIdcard,
  parseOperlog,
  parseOperlogLine,
} from './operlog'
export {
  type ParseResult,
  parseInt32,
  type RecordLine,
  type RejectedLine,
  splitRecordLines,
} from './records'
export { parseUserinfo } from './userinfo'
