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
// Templates travel both ways; they are uploaded first, so their format lives here.
export {
  AS608_ALGORITHM,
  isAs608Template,
  tagAs608Template,
  untagAs608Template,
} from './fingerprint-format'
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
