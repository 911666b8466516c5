/** The app, workload and service detail pages (Kiali's paths) and the paths to reach them. */
import type { RouteObject } from 'react-router';
import { AppDetailsPage } from './AppDetailsPage.tsx';
import { ServiceDetailsPage } from './ServiceDetailsPage.tsx';
import { WorkloadDetailsPage } from './WorkloadDetailsPage.tsx';

export { appDetailPath, serviceDetailPath, workloadDetailPath } from './paths.ts';

export const routes: RouteObject[] = [
  { path: '/namespaces/:namespace/applications/:app', Component: AppDetailsPage },
  { path: '/namespaces/:namespace/workloads/:workload', Component: WorkloadDetailsPage },
  { path: '/namespaces/:namespace/services/:service', Component: ServiceDetailsPage },
];
