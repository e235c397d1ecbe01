import type { Actor } from '../audit/actor'
import { actorName } from '../audit/actor'
import type { Db, Tx } from '../db'
import type { Logger } from '../logger'
import { groupIdsOfDevices } from './audience'
import { deleteTemplate, listCredentials } from './credentials'
import {
  type DefaultGroupView,
  joinDefaultGroup,
  readDefaultGroup,
  setDefaultGroup,
} from './default-group'
import { syncDevice } from './device-sync'
import { type FingerprintEnrolment, queueFingerprintEnrolment } from './enrolment'
import {
  createGroup,
  deleteGroup,
  devicesOfGroup,
  type GroupView,
  getGroup,
  listGroups,
  renameGroup,
  setDeviceGroups,
} from './groups-store'
import { parsePeopleCsv } from './people-csv'
import { peopleCsvStream } from './people-export'
import { type ImportReport, importPeople } from './people-import'
import {
  deletePerson,
  getPerson,
  listPeople,
  type PersonFields,
  type PersonView,
  personExists,
  type SavedPerson,
  savePerson,
} from './people-store'
import { type PersonTerminal, personTerminals } from './person-terminals'
import type { ProvisionContext } from './provisioning'
import type { CommandSink } from './queue'

export interface PeopleDeps {
  db: Db
  /** Where provisioning commands go */
  queue: CommandSink
  /** Zone for devices without their own */
  defaultZone: string
}

/**
 * People, their groups and credentials, and what they need on each device. Every change that alters who is on a
 * device queues the commands for it in the same transaction; `actor` is recorded on those commands.
 */
export class People {
  constructor(private readonly deps: PeopleDeps) {}

  private ctx(actor: string | Actor): ProvisionContext {
    const createdBy = typeof actor === 'string' ? actor : actorName(actor)
    return { queue: this.deps.queue, defaultZone: this.deps.defaultZone, createdBy }
  }

  list(q: { limit: number; cursor?: string; groupId?: number; search?: string }) {
    return listPeople(this.deps.db, q)
  }

  get(pin: string): Promise<PersonView> {
    return getPerson(this.deps.db, pin)
  }

  exists(pin: string): Promise<boolean> {
    return personExists(this.deps.db, pin)
  }

  save(
    actor: Actor,
    pin: string,
    fields: PersonFields,
    mode: 'create' | 'update',
  ): Promise<SavedPerson> {
    return savePerson(this.deps.db, this.ctx(actor), actor, pin, fields, mode)
  }

  delete(actor: Actor, pin: string): Promise<number> {
    return deletePerson(this.deps.db, this.ctx(actor), actor, pin)
  }

  /** Imports a people CSV (see people-csv.ts); a dry run checks every row and writes nothing. */
  importCsv(actor: Actor, text: string, dryRun: boolean): Promise<ImportReport> {
    return importPeople(this.deps.db, this.ctx(actor), actor, parsePeopleCsv(text), dryRun)
  }

  /** Everyone as CSV, streamed page by page, in the columns an import takes. */
  exportCsv(bom: boolean, log: Logger): ReadableStream<Uint8Array> {
    return peopleCsvStream(this.deps.db, bom, log)
  }

  /** The terminals a person reaches, with the delivery state of their record on each. */
  terminals(pin: string): Promise<PersonTerminal[]> {
    return personTerminals(this.deps.db, pin)
  }

  defaultGroup(): Promise<DefaultGroupView> {
    return readDefaultGroup(this.deps.db)
  }

  setDefaultGroup(id: number | null): Promise<DefaultGroupView> {
    return setDefaultGroup(this.deps.db, id)
  }

  /** A device just admitted joins the default group, in the admitting transaction. */
  async joinDefaultGroup(sn: string, tx: Tx): Promise<void> {
    await joinDefaultGroup(tx, this.ctx('default-group'), sn)
  }

  credentials(pin: string, includeTemplates: boolean) {
    return listCredentials(this.deps.db, pin, includeTemplates)
  }

  deleteTemplate(actor: Actor, pin: string, id: number): Promise<number> {
    return deleteTemplate(this.deps.db, this.ctx(actor), actor, pin, id)
  }

  /** Queues ENROLL_FP for the person at one of their terminals; resolves with the command id. */
  enrolFingerprint(actor: string, pin: string, e: FingerprintEnrolment): Promise<{ id: number }> {
    return queueFingerprintEnrolment(this.deps.db, this.ctx(actor), pin, e)
  }

  listGroups(): Promise<GroupView[]> {
    return listGroups(this.deps.db)
  }

  getGroup(id: number): Promise<GroupView> {
    return getGroup(this.deps.db, id)
  }

  createGroup(name: string): Promise<GroupView> {
    return createGroup(this.deps.db, name)
  }

  renameGroup(id: number, name: string): Promise<GroupView> {
    return renameGroup(this.deps.db, id, name)
  }

  deleteGroup(actor: string, id: number): Promise<number> {
    return deleteGroup(this.deps.db, this.ctx(actor), id)
  }

  /** Serials of a group's devices, the group named by id or name. */
  devicesOfGroup(group: string): Promise<string[]> {
    return devicesOfGroup(this.deps.db, group)
  }

  groupIdsOfDevices(sns: readonly string[]): Promise<Map<string, number[]>> {
    return groupIdsOfDevices(this.deps.db, sns)
  }

  setDeviceGroups(actor: string, sn: string, groupIds: readonly number[]): Promise<number> {
    return setDeviceGroups(this.deps.db, this.ctx(actor), sn, groupIds)
  }

  /** Queues everyone of the device's groups with their usable templates. */
  syncDevice(actor: string, sn: string): Promise<number> {
    return syncDevice(this.deps.db, this.ctx(actor), sn)
  }
}
