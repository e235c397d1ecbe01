import type { Db } from '../db'
import { deviceExists } from '../devices'
import { NotFoundError } from '../errors'
import { groupIdsOfDevice, pinsInGroups, targetDevices } from './audience'
import { packRecords } from './pack'
import { installInputs, loadPeople, type ProvisionContext } from './provisioning'
import type { QueueInput } from './queue'

/**
 * Queues everyone of a device's groups, each with the templates the device can use: one call re-provisions a
 * replaced or factory-reset terminal. Returns the number of commands queued.
 */
export async function syncDevice(db: Db, ctx: ProvisionContext, sn: string): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await deviceExists(tx, sn))) throw new NotFoundError(`device ${sn}`)
    const device = (await targetDevices(tx, [sn], ctx.defaultZone)).get(sn)
    if (!device) return 0
    const pins = (await pinsInGroups(tx, await groupIdsOfDevice(tx, sn))).sort()
    const loaded = await loadPeople(tx, pins)
    const inputs: QueueInput[] = []
    for (const pin of pins) {
      const person = loaded.people.get(pin)
      if (!person) continue
      inputs.push(...installInputs(person, loaded.templates.get(pin) ?? [], device, ctx.createdBy))
    }
    const queued = packRecords(inputs, () => device.multiRecord)
    if (queued.length > 0) await ctx.queue.enqueueMany(queued, tx)
    return queued.length
  })
}
