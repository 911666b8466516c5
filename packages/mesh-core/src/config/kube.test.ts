import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildRegistry } from './kube.ts';
import { parseManifests } from './parse.ts';
import type { KubeResource } from './resource.ts';
import { formatPath } from './path.ts';

function kube(text: string, file = 'k.yaml'): KubeResource[] {
  return parseManifests(text, { file }).resources as KubeResource[];
}

const bookinfo = readFileSync(
  fileURLToPath(new URL('../../../../third_party/istio/bookinfo/platform/bookinfo.yaml', import.meta.url)),
  'utf8',
);

describe('buildRegistry', () => {
  it('reads Bookinfo into services, workloads and service accounts', () => {
    const { registry, findings } = buildRegistry(kube(bookinfo));
    expect(findings).toEqual([]);
    expect(registry.services.map((s) => s.name)).toEqual(['details', 'ratings', 'reviews', 'productpage']);
    expect(registry.services[0]).toMatchObject({
      namespace: 'default',
      selector: { app: 'details' },
      ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
    });
    expect(registry.workloads.map((w) => w.name)).toEqual([
      'details-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
      'productpage-v1',
    ]);
    const reviews = registry.workloads.find((w) => w.name === 'reviews-v2');
    expect(reviews).toMatchObject({
      labels: { app: 'reviews', version: 'v2' },
      replicas: 1,
      serviceAccountName: 'bookinfo-reviews',
    });
    expect(reviews?.containers[0]?.image).toMatch(/examples-bookinfo-reviews-v2/);
    expect(reviews?.containers[0]?.ports).toEqual([{ containerPort: 9080, protocol: 'TCP' }]);
    expect(reviews?.containers[0]?.env.map((e) => e.name)).toContain('LOG_DIR');
    expect(registry.serviceAccounts).toHaveLength(4);
    expect(registry.namespaces).toEqual([{ name: 'default', labels: {}, described: true }]);
  });

  it('describes declared namespaces, and knows of namespaces only Istio config names', () => {
    const { registry } = buildRegistry(
      kube(
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}\n',
      ),
      ['payments'],
    );
    expect(registry.namespaces).toEqual([
      { name: 'shop', labels: { 'istio-injection': 'enabled' }, described: true },
      { name: 'payments', labels: {}, described: false },
    ]);
  });

  it('reads appProtocol, command and args', () => {
    const { registry } = buildRegistry(
      kube(`apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports:
  - {name: tcp-mysql, port: 3306, appProtocol: mysql, targetPort: mysql}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata:
      labels: {app: db}
      annotations: {sidecar.istio.io/inject: "false"}
    spec:
      containers:
      - name: db
        image: mysql:8
        command: [mysqld]
        args: [--port, "3306"]
        ports: [{containerPort: 3306, name: mysql}]
`),
    );
    expect(registry.services[0]?.ports[0]).toMatchObject({ appProtocol: 'mysql', targetPort: 'mysql' });
    expect(registry.workloads[0]).toMatchObject({
      replicas: 3,
      serviceAccountName: 'default',
      annotations: { 'sidecar.istio.io/inject': 'false' },
      containers: [{ command: ['mysqld'], args: ['--port', '3306'] }],
    });
  });

  it.each([
    [
      'a port that is a string',
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - port: "80"\n',
      'spec/ports[0]/port',
    ],
    [
      'a port out of range',
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - port: 70000\n',
      'spec/ports[0]/port',
    ],
    [
      'a Deployment without containers',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      containers: []\n',
      'spec/template/spec/containers',
    ],
  ])('refuses %s, naming the field', (_name, text, path) => {
    const { registry, findings } = buildRegistry(kube(text));
    expect(registry.services).toEqual([]);
    expect(registry.workloads).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.finding.code).toBe('IST0106');
    expect(formatPath(findings[0]?.finding.path ?? [])).toBe(path);
    expect(findings[0]?.finding.detail).toContain(path.replaceAll('/', '.').replace('.[', '['));
  });
});
