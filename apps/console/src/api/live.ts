import { useEffect, useState } from 'react'
import { EVENTS_URL } from './client'

export interface LivePunch {
  id: number
  sn: string
  pin: string
  personName: string | null
  punchedAt: string
  state: string
  verifyMode: string
  source: string
}

/**
 * Punches as the server commits them, over server-sent events (no polling): `onPunch` for each, and whether
 * the stream is live. EventSource reconnects by itself after a drop (the server asks for 2 s).
 */
export function useLivePunches(onPunch: (punch: LivePunch) => void): boolean {
  const [live, setLive] = useState(false)
  useEffect(() => {
    const source = new EventSource(EVENTS_URL)
    source.addEventListener('ready', () => setLive(true))
    source.addEventListener('error', () => setLive(false))
    source.addEventListener('punch', (event) => {
      onPunch(JSON.parse((event as MessageEvent<string>).data) as LivePunch)
    })
    return () => source.close()
  }, [onPunch])
  return live
}
