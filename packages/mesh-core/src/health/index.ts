/**
 * Kiali's health: tolerances (`health_config.rate` and the `health.kiali.io/rate` annotation),
 * request health from Prometheus samples, replica and proxy-sync status, and the worst-wins
 * status of apps, services, workloads and graph edges — with Kiali's JSON for
 * `/api/clusters/health`.
 */
export * from './status.ts';
export * from './tolerances.ts';
export * from './requests.ts';
export * from './calculator.ts';
export * from './inventory.ts';
export * from './health-objects.ts';
export * from './queries.ts';
export * from './namespace-health.ts';
export * from './wire.ts';
