/**
 * Kiali's node identity (kiali graph/types.go `Id`, `NewNodeExplicit`): which node a set of
 * telemetry labels denotes in a given graph type, and the fields that node keeps.
 *
 * - an unknown namespace, workload and app with no service: the `unknown` source node;
 * - unknown workload, app and service: one unknown service node per namespace;
 * - workload and service graphs: a workload node when the workload is known, else a service;
 * - app graphs: one node per app; versionedApp graphs: one per workload (or app+version);
 *   without an app, fall back to the workload, then the service.
 */
import type { GraphType, NodeType } from './model.ts';

export const UNKNOWN = 'unknown';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';

/** A telemetry value that names something: neither empty nor `unknown`. */
export function isOK(value: string): boolean {
  return value !== '' && value !== UNKNOWN;
}

/** As `isOK`, also rejecting `latest` (the canonical revision of an unversioned workload). */
export function isOKVersion(value: string): boolean {
  return isOK(value) && value !== 'latest';
}

export interface NodeLabels {
  readonly cluster: string;
  readonly serviceNamespace: string;
  readonly service: string;
  readonly workloadNamespace: string;
  readonly workload: string;
  readonly app: string;
  readonly version: string;
}

export interface NodeIdentity {
  readonly id: string;
  readonly nodeType: NodeType;
}

/** The node id and type for these labels, or undefined when they name nothing (bad telemetry). */
export function nodeIdentity(l: NodeLabels, graphType: GraphType): NodeIdentity | undefined {
  const namespace = isOK(l.workloadNamespace) ? l.workloadNamespace : l.serviceNamespace;
  const cluster = l.cluster;
  if (namespace === UNKNOWN && l.workload === UNKNOWN && l.app === UNKNOWN && l.service === '') {
    return { id: `${cluster}_unknown_source`, nodeType: 'unknown' };
  }
  if (l.workload === UNKNOWN && l.app === UNKNOWN && l.service === UNKNOWN) {
    return { id: `svc_${cluster}_${namespace}_unknown`, nodeType: 'service' };
  }
  const workloadOk = isOK(l.workload);
  const appOk = isOK(l.app);
  const serviceOk = isOK(l.service);
  if (!workloadOk && !appOk && !serviceOk) return undefined;

  if (graphType === 'workload' || graphType === 'service') {
    if (!workloadOk && !serviceOk) return undefined;
    return workloadOk
      ? { id: `wl_${cluster}_${namespace}_${l.workload}`, nodeType: 'workload' }
      : { id: `svc_${cluster}_${namespace}_${l.service}`, nodeType: 'service' };
  }
  if (appOk) {
    if (graphType === 'versionedApp') {
      if (workloadOk) return { id: `vapp_${cluster}_${namespace}_${l.workload}`, nodeType: 'app' };
      if (isOKVersion(l.version)) {
        return { id: `vapp_${cluster}_${namespace}_${l.app}_${l.version}`, nodeType: 'app' };
      }
    }
    return { id: `app_${cluster}_${namespace}_${l.app}`, nodeType: 'app' };
  }
  if (workloadOk) return { id: `wl_${cluster}_${namespace}_${l.workload}`, nodeType: 'workload' };
  return { id: `svc_${cluster}_${namespace}_${l.service}`, nodeType: 'service' };
}

/** The fields a node of this type keeps (Kiali trims the others). */
export function nodeFields(
  l: NodeLabels,
  nodeType: NodeType,
  graphType: GraphType,
): { namespace: string; workload: string; app: string; version: string; service: string } {
  const namespace = isOK(l.workloadNamespace) ? l.workloadNamespace : l.serviceNamespace;
  let { workload, app, version, service } = l;
  switch (nodeType) {
    case 'app':
      // A versioned app node keeps its workload: app+version should map to one workload.
      if (graphType !== 'versionedApp') {
        workload = '';
        version = '';
      }
      service = '';
      break;
    case 'service':
      app = '';
      workload = '';
      version = '';
      break;
    case 'workload':
      if (app === UNKNOWN) app = '';
      if (version === UNKNOWN) version = '';
      service = '';
      break;
    case 'aggregate':
    case 'box':
    case 'unknown':
      break;
  }
  return { namespace, workload, app, version, service };
}
