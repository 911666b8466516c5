/**
 * A workload's pod template hash (what Kubernetes' `pod-template-hash` stands for: a change
 * rolls the workload's replicas), and the TCP check a new replica's app port must pass before
 * it replaces the old one.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { WorkloadInfo } from '@meshlens/mesh-core/config';

/** Object keys sorted at every level, so that the same template always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/**
 * What Kubernetes' `pod-template-hash` stands for: a short hash of everything in the pod template
 * that the platform runs a replica from. Replicas count is not part of it (scaling restarts nothing).
 */
export function podTemplateHash(w: WorkloadInfo): string {
  const template = {
    labels: w.labels,
    annotations: w.annotations,
    serviceAccountName: w.serviceAccountName,
    containers: w.containers,
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(template)))
    .digest('hex')
    .slice(0, 10);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.setTimeout(1000, () => {
      done(false);
    });
  });
}
