/** One reply from the ADMS server: HTTP status, body text and the `Date` header (for the clock). */
export interface AdmsReply {
  status: number
  body: string
  date: string | null
}

/** Record tables the terminal uploads through `POST /iclock/cdata`. */
export type UploadTable = 'ATTLOG' | 'OPERLOG'

/**
 * The terminal's side of the PUSH protocol, one method per request kind. Implementations throw
 * `AdmsTransportError` when the server was not reached (network error, timeout, abort); any HTTP
 * answer, even an error status, is returned for the caller to judge.
 */
export interface AdmsClient {
  /** `GET /iclock/cdata?SN=…&options=all…`: the initialisation handshake. */
  handshake(signal?: AbortSignal): Promise<AdmsReply>
  /** `POST /iclock/cdata?SN=…&table=<table>&Stamp=<stamp>` with LF-terminated records. */
  upload(table: UploadTable, body: string, stamp: string, signal?: AbortSignal): Promise<AdmsReply>
  /** `GET /iclock/getrequest?SN=…` plus telemetry query fields. */
  getRequest(query: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<AdmsReply>
  /** `POST /iclock/devicecmd?SN=…` with one or more result lines. */
  postResults(body: string, signal?: AbortSignal): Promise<AdmsReply>
  /** `POST /iclock/upload-log`: multipart `file` + `sn`. */
  uploadLog(fileName: string, content: Uint8Array, signal?: AbortSignal): Promise<AdmsReply>
}

/** The server was not reached, or did not answer in time. */
export class AdmsTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'AdmsTransportError'
  }
}
