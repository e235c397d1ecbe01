export {
  API_COMMAND_KINDS,
  COMMAND_KINDS,
  COMMAND_STATUSES,
  type CommandKind,
  type CommandStatus,
} from '../db/schema/commands'
export { commandIdOf, MAX_COMMAND_ID } from './command-id'
export {
  COMMANDS_CHANNEL,
  type CommandPage,
  CommandQueue,
  type CommandResultInput,
  type CommandRow,
  type EnqueueInput,
} from './command-queue'
export { PendingCache } from './pending-cache'
