export {
  type AdmsClient,
  type AdmsReply,
  AdmsTransportError,
  type UploadTable,
} from './adms-client'
export { type BackoffPolicy, backoffDelay } from './backoff'
export {
  createHttpAdmsClient,
  type FetchLike,
  type HttpAdmsClientOptions,
} from './http-adms-client'
export { fileLogSource, type LogSource, LogUpload } from './log-upload'
export { createSyncTask, type SyncStatus, type SyncTask, type SyncTaskOptions } from './sync-task'
export { createSystemProbe, type SystemFacts, type SystemProbe } from './system-probe'
export { createTerminalSyncTask, type TerminalSyncOptions } from './terminal-sync'
export { UploadRefusedError } from './upload-reply'
export { type FlushResult, Uploader } from './uploader'
