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
