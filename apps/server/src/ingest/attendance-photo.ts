import { parseAttPhoto, type RejectedLine } from '@webroster/protocol'
import type { Db } from '../db'
import { storeAttendancePhotoRow } from '../diagnostics/attendance-photos'
import { decodeBodyText } from './body-text'

/**
 * Stores an `ATTPHOTO` upload (`/iclock/fdata`) once per file name, so a re-send changes nothing; a body that is
 * not a photo comes back as a rejected line (its first bytes, with why).
 */
export async function storeAttendancePhoto(
  db: Db,
  sn: string,
  body: Uint8Array,
): Promise<{ fileName: string } | { rejected: RejectedLine }> {
  const photo = parseAttPhoto(body)
  if ('error' in photo) {
    return {
      rejected: { line: 1, text: decodeBodyText(body.subarray(0, 200)), reason: photo.error },
    }
  }
  await storeAttendancePhotoRow(db, {
    sn,
    fileName: photo.fileName,
    pin: photo.pin ?? null,
    localTime: photo.time ?? null,
    image: photo.image,
  })
  return { fileName: photo.fileName }
}
