import type { DeviceRequest } from '@webroster/protocol'
import type { AdmissionMode } from '../config'
import { type DeviceRow, deviceTokenMatches } from '../devices'

/** Whether a device's request may be served: `admitted`, or why not (`unregistered`: the pending cap is full). */
export type Admission = 'admitted' | 'pending' | 'refused' | 'bad-token' | 'unregistered'

/**
 * Decides admission: a refused device never; `token` mode needs the device secret (as `pushcommkey` or in the
 * path `/iclock/<token>/cdata`); otherwise the device must be approved (`open` mode approves on registration).
 */
export function admit(
  mode: AdmissionMode,
  row: DeviceRow,
  req: DeviceRequest,
): Exclude<Admission, 'unregistered'> {
  if (row.status === 'refused') return 'refused'
  if (mode === 'token') {
    const ok =
      deviceTokenMatches(req.pushCommKey, row.tokenHash) ||
      deviceTokenMatches(req.pathToken, row.tokenHash)
    return ok ? 'admitted' : 'bad-token'
  }
  return row.status === 'approved' ? 'admitted' : 'pending'
}
