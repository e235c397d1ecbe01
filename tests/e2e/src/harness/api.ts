/** What every Eden call answers: the data of a 2xx, or the error with its status. */
interface Answer<T> {
  data: T
  error: { status: unknown; value: unknown } | null
  status: number
}

/**
 * The data of a 2xx answer from the typed client, or an error naming the call, the status and the reply.
 * @example const group = await ok(server.client.api.groups.post({ name: 'hall' }), 'create group')
 */
export async function ok<T>(call: Promise<Answer<T>>, what: string): Promise<NonNullable<T>> {
  const answer = await call
  if (answer.error !== null || answer.data === null || answer.data === undefined) {
    const reply = answer.error ? JSON.stringify(answer.error.value) : 'no body'
    throw new Error(`${what}: HTTP ${answer.status} ${reply}`)
  }
  return answer.data
}
