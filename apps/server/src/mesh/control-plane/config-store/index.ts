export { ConfigStore, defaultDataDir } from './config-store.ts';
export { ConfigStoreError, configStoreErrorReasons, qualifiedResource } from './errors.ts';
export type { ConfigStoreErrorReason } from './errors.ts';
export { keyString } from './object-key.ts';
export type { ObjectKey } from './object-key.ts';
export { historyOperations } from './tables.ts';
export type { HistoryOperation } from './tables.ts';
export { applyStatuses, objectOutcomes } from './types.ts';
export type * from './types.ts';
