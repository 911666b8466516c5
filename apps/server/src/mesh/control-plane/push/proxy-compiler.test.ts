import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotParser } from '@meshlens/mesh-core/routing';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import { PlacementTable } from '../../platform/placement.ts';
import type { AddressPlan, Placement, PlacementRecord, PlatformView } from '../../platform/placement.ts';
import { parseEvents } from '../../sidecar/control-plane-source.ts';
import { deployment, service } from '../../sidecar/testing/yaml.ts';
import { ConfigStore } from '../config-store/index.ts';
import { tempDir } from '../config-store/test-support.ts';
import type { TempDir } from '../config-store/test-support.ts';
import { compileFor } from '../control-plane.ts';
import { ProxyCompiler } from './proxy-compiler.ts';
import type { CompiledProxy } from './proxy-compiler.ts';

const mesh =
  service('client') +
  deployment('client-v1', 'client', 'v1') +
  service('web') +
  deployment('web-v1', 'web', 'v1').replace('replicas: 1', 'replicas: 2');

const routeWebTo = (header: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web]
  http:
  - match: [{headers: {${header}: {exact: "1"}}}]
    route: [{destination: {host: web}}]
  - route: [{destination: {host: web}}]
`;

const record = (workload: string, replica: number, port: number): PlacementRecord => ({
  namespace: 'default',
  workload,
  replica,
  pod: `${workload}-${replica}`,
  kind: 'sidecar',
  ready: true,
  inbound: [[9080, 20_000 + port]],
  appPorts: [[9080, 30_000 + port]],
});

/** A platform whose placement the test replaces, as the discovery process's is. */
class TestPlatform implements PlatformView {
  table: PlacementTable;
  constructor(records: readonly PlacementRecord[]) {
    this.table = new PlacementTable(records);
  }
  byPod(namespace: string, pod: string): Placement | undefined {
    return this.table.byPod(namespace, pod);
  }
  addressPlan(self: Placement | undefined): AddressPlan {
    return this.table.addressPlan(self);
  }
}

const bootstrap = (pod: string, workload: string) => ({
  node: `sidecar~127.0.0.1~${pod}.default~default.svc.cluster.local`,
  kind: 'sidecar' as const,
  namespace: 'default',
  workload,
});

const records = [record('client-v1', 0, 1), record('web-v1', 0, 2), record('web-v1', 1, 3)];

function compiled(result: CompiledProxy | undefined): CompiledProxy {
  if (!result) throw new Error('no snapshot');
  return result;
}

const cluster = (s: ProxySnapshot, name: string) => s.clusters.find((c) => c.name === name);
const webCluster = 'outbound|9080||web.default.svc.cluster.local';

describe('ProxyCompiler', () => {
  let dir: TempDir;
  let store: ConfigStore;
  let platform: TestPlatform;
  let compiler: ProxyCompiler;

  beforeEach(() => {
    dir = tempDir();
    store = ConfigStore.open(dir.path);
    store.applyText(mesh, 'mesh.yaml');
    platform = new TestPlatform(records);
    compiler = new ProxyCompiler(store, platform);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('gives each replica its own app address over the outbound clusters they share', () => {
    const first = compiled(compiler.compile(bootstrap('web-v1-0', 'web-v1'))).snapshot;
    const second = compiled(compiler.compile(bootstrap('web-v1-1', 'web-v1'))).snapshot;
    expect(cluster(first, 'inbound|9080||')?.endpoints.map((e) => e.address)).toEqual(['127.0.0.1:30002']);
    expect(cluster(second, 'inbound|9080||')?.endpoints.map((e) => e.address)).toEqual(['127.0.0.1:30003']);
    expect(cluster(first, webCluster)?.endpoints.map((e) => e.address)).toEqual([
      '127.0.0.1:20002',
      '127.0.0.1:20003',
    ]);
    expect(cluster(second, webCluster)).toBe(cluster(first, webCluster));
    expect(second.revision).not.toBe(first.revision);
  });

  it('gives equal content an equal revision, and a moved endpoint a new one', () => {
    const client = bootstrap('client-v1-0', 'client-v1');
    const before = compiled(compiler.compile(client));
    const again = compiled(new ProxyCompiler(store, platform).compile(client));
    expect(again.wire).toEqual(before.wire);
    expect(compileFor(store, platform, client)?.revision).toBe(before.wire.revision);

    platform.table = new PlacementTable([
      records[0] as PlacementRecord,
      { ...record('web-v1', 0, 2), ready: false },
    ]);
    const moved = compiled(compiler.compile(client));
    expect(moved.wire.revision).not.toBe(before.wire.revision);
    expect(cluster(moved.snapshot, webCluster)?.endpoints.map((e) => e.address)).toEqual([null, null]);
  });

  it('recompiles when the mesh changes', () => {
    const client = bootstrap('client-v1-0', 'client-v1');
    const before = compiled(compiler.compile(client));
    store.applyText(routeWebTo('x-canary'), 'vs.yaml');
    const after = compiled(compiler.compile(client));
    expect(after.wire.revision).not.toBe(before.wire.revision);
    const routes = after.snapshot.routeTables
      .find((t) => t.name === '9080')
      ?.virtualHosts.find((vh) => vh.name === 'web.default.svc.cluster.local:9080')?.routes;
    expect(routes?.[0]?.matches[0]?.headers).toEqual([
      { name: 'x-canary', match: { kind: 'exact', value: '1' } },
    ]);
  });

  it('writes an event a sidecar reads back into the same snapshot', () => {
    const { snapshot, wire } = compiled(compiler.compile(bootstrap('client-v1-0', 'client-v1')));
    const { events, rest } = parseEvents(wire.event);
    expect(rest).toBe('');
    expect(events.map((e) => e.event)).toEqual(['snapshot']);
    const parsed = new SnapshotParser().parseJson(events[0]?.data ?? '');
    expect(parsed).toEqual({ ok: true, snapshot });
    expect(wire.event).toContain(`\nid: ${snapshot.revision}\n`);
  });

  it('compiles nothing for a workload the mesh does not have', () => {
    expect(compiler.compile(bootstrap('gone-0', 'gone'))).toBeUndefined();
  });
});
