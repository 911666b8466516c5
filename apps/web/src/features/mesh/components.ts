/** The mesh's parts in words: which are not Healthy, and what the banner says of each. */
import type { ComponentHealth, MeshComponent, MeshStatusJson } from '@meshlens/mesh-core/api/mesh-status';
import { MESH_COMPONENTS } from '@meshlens/mesh-core/api/mesh-status';

export const COMPONENT_TITLES: Readonly<Record<MeshComponent, string>> = {
  controlPlane: 'The control plane',
  prometheus: 'Prometheus',
  traceStore: 'The trace store',
};

export interface DownComponent {
  readonly component: MeshComponent;
  readonly health: ComponentHealth;
  /** "Prometheus at http://… is unreachable: connection refused". */
  readonly message: string;
}

const STATE_WORDS: Readonly<Record<ComponentHealth['status'], string>> = {
  Healthy: 'healthy',
  Unhealthy: 'unhealthy',
  Unreachable: 'unreachable',
  NotFound: 'not found',
  NotReady: 'not ready',
};

export function downComponents(status: MeshStatusJson): DownComponent[] {
  return MESH_COMPONENTS.filter((c) => status.components[c].status !== 'Healthy').map((c) => {
    const h = status.components[c];
    const title = COMPONENT_TITLES[c];
    // The server's error usually already says "X at URL is unreachable: why"; keep its words then.
    const message =
      h.error !== undefined && h.error.includes(h.url)
        ? h.error
        : `${title} at ${h.url} is ${STATE_WORDS[h.status]}${h.error === undefined ? '' : `: ${h.error}`}`;
    return { component: c, health: h, message };
  });
}
