/** The app, workload and service detail pages (Kiali's paths) and the paths to reach them. */
export { appDetailPath, serviceDetailPath, workloadDetailPath } from './paths.ts';
export { detailKeys, serviceDetailsQuery } from './queries.ts';
export { routes } from './routes.ts';
