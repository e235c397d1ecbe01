import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, api, ok, setCsrfToken } from './client'

async function fetchSession() {
  try {
    const session = await ok(api().api.session.get())
    setCsrfToken(session.csrfToken)
    return session
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw e
  }
}

export type Session = NonNullable<Awaited<ReturnType<typeof fetchSession>>>

export const SESSION_KEY = ['session'] as const

/** Who is signed in (null: nobody); the CSRF token is kept for writes as a side effect of reading it. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 })
}

/** The signed-in session, for screens behind sign-in. */
export function useSignedIn(): Session {
  const { data } = useSession()
  if (!data) throw new Error('useSignedIn before sign-in')
  return data
}

export async function signIn(queries: QueryClient, username: string, password: string) {
  const reply = await ok(api().api.session.post({ username, password }))
  setCsrfToken(reply.csrfToken)
  await queries.invalidateQueries({ queryKey: SESSION_KEY })
}

export async function signOut(queries: QueryClient) {
  try {
    await ok(api().api.session.delete())
  } finally {
    setCsrfToken(null)
    // The session's own entry is set, not removed: the shell watches it and shows the sign-in page.
    queries.setQueryData(SESSION_KEY, null)
    queries.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] })
  }
}

/** Creates the first administrator with the admin token the server printed, then signs in as them. */
export async function setupFirstAdmin(
  queries: QueryClient,
  input: { token: string; username: string; password: string; displayName?: string },
) {
  const { token, ...body } = input
  await ok(api().api.setup.post(body, { headers: { authorization: `Bearer ${token.trim()}` } }))
  await signIn(queries, input.username, input.password)
}

export function useQueries(): QueryClient {
  return useQueryClient()
}
