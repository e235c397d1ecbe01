/** A terminal's conversation with the server: requests, handshake, replies, status, options and charsets. */
export {
  formatHandshakeReply,
  HANDSHAKE_DEFAULTS,
  type HandshakeOptions,
  type HandshakeStamps,
  negotiatePushVersion,
  parseHandshakeReply,
} from './handshake'
export { formatInfo, parseInfo } from './info'
export { decodeDeviceText, encodeName, type NameCharset, nameCharset } from './names'
export { parseOptionsBody, withOptionNames } from './options'
export {
  neverAcknowledges,
  ORIGINAL_TERMINAL_USER_AGENT,
  readsStatusOnly,
} from './original-terminal'
export { type DeviceRequest, parseDeviceRequest } from './query'
export {
  accessToken,
  formatOkReply,
  formatPushConfigReply,
  formatRegistryOkBlock,
  formatRegistryReply,
  formatRtdataTimeReply,
  formatTableCountReply,
  type PushConfig,
  parseOkReply,
  parsePushConfig,
} from './replies'
