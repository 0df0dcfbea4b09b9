export { ADDITIVE_KINDS, isOlder, nextPending, type QueuedMessage } from './pending-merge';
export { DEFAULT_PACED_KINDS } from './paced-kinds';
