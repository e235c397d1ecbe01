/** `user:password@` inside a URL, wherever it appears in a text. */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi

/**
 * A webhook URL with any credentials in it masked, for everyone but admins: a receiver's basic-auth password
 * must not be readable with a read-only key.
 *
 * @example redactCredentials('https://bob:s3cret@hooks.example/x') // 'https://***:***@hooks.example/x'
 */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, '$1***:***@')
}
