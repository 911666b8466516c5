/** A workload's Logs tab (the lead places it on the workload page as tab `logs`). */
export { LogsTab } from './LogsTab.tsx';
export type { LogsTabProps } from './LogsTab.tsx';
