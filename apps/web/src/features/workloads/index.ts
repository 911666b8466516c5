/** The Workloads list (`/workloads`). */
import type { RouteObject } from 'react-router';
import { WorkloadsListPage } from './WorkloadsListPage.tsx';

export const routes: RouteObject[] = [{ path: '/workloads', Component: WorkloadsListPage }];
