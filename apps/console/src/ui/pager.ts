import { useInfiniteQuery } from '@tanstack/react-query'

/** A keyset-paged list (the API's `{ items, nextCursor }`): pages load on demand, nothing whole-table. */
export function usePaged<T>(
  key: readonly unknown[],
  load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => load(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  })
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] }
}
