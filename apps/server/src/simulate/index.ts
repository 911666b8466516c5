/**
 * `meshlens simulate`: a synthetic mesh (seeded topology, Istio telemetry from both reporters, a
 * `MeshStateSource`) served to a real Prometheus and the console API, for demos, UI tests and
 * the graph benchmark.
 */
export {
  generateMesh,
  namespaceName,
  GATEWAY_NAMESPACE,
  GATEWAY_WORKLOAD,
  EXTERNAL_HOST,
} from './topology.ts';
export type { MeshShape, Outcome, SimEdge, SimMesh, SimService, SimWorkload } from './topology.ts';
export { meshSeries } from './series.ts';
export type { PodSeries } from './series.ts';
export { exposition, expositionText } from './exposition.ts';
export { POD_METRICS_PATH, startExporter, targetGroups } from './exporter.ts';
export type { MetricsExporter } from './exporter.ts';
export { simulatedMeshSource, simulatedMeshState } from './sim-mesh-state.ts';
export { startSimulation, waitForScrapes } from './run-simulation.ts';
export type { RunningSimulation, SimulationOptions, WaitForScrapesOptions } from './run-simulation.ts';
