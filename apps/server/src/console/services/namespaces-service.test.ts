import { beforeAll, describe, expect, it } from 'vitest';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import { inventoryServices } from '../testing/inventory-services.ts';

const STRICT_MESH = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: default}
spec:
  mtls: {mode: DISABLE}
`;

describe('namespaces service', () => {
  let state: MeshState;
  beforeAll(async () => {
    state = await bookinfoMeshState({ extra: [['mtls.yaml', STRICT_MESH]] });
  });

  it('lists the mesh’s namespaces, the root one as the control plane’s', async () => {
    const { namespaces } = inventoryServices(state);
    const list = await namespaces.namespaces();
    expect(list.map((n) => [n.name, n.isControlPlane, n.cluster])).toEqual([
      ['default', false, 'Kubernetes'],
      ['istio-system', true, 'Kubernetes'],
    ]);
    expect(await namespaces.namespaceInfo('istio-system')).toMatchObject({ name: 'istio-system' });
    await expect(namespaces.namespaceInfo('nowhere')).rejects.toMatchObject({
      reason: 'not-found',
      param: 'namespace',
    });
  });

  it('reads mTLS from the stored PeerAuthentications', async () => {
    const { namespaces } = inventoryServices(state);
    expect(await namespaces.meshTls()).toEqual({
      status: 'MTLS_ENABLED',
      autoMTLSEnabled: true,
      minTLS: 'N/A',
    });
    expect((await namespaces.namespaceTls('default')).status).toBe('MTLS_DISABLED');
    expect((await namespaces.clustersTls([])).map((t) => [t.namespace, t.status])).toEqual([
      ['default', 'MTLS_DISABLED'],
      ['istio-system', 'MTLS_NOT_ENABLED'],
    ]);
    await expect(namespaces.namespaceTls('nowhere')).rejects.toMatchObject({ reason: 'not-found' });
  });
});
