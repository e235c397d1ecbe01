import type { Db } from '../db'
import { attendancePhotos } from '../db/schema'

/** A photo a terminal took at a punch, as parsed from its `ATTPHOTO` upload. */
export type AttendancePhotoRow = typeof attendancePhotos.$inferInsert

/** Stores a photo once per device and file name, so a re-send changes nothing. */
export async function storeAttendancePhotoRow(db: Db, photo: AttendancePhotoRow): Promise<void> {
  await db.insert(attendancePhotos).values(photo).onConflictDoNothing()
}
