/**
 * Snapshots as the control plane will push them, and the admin endpoint users inspect them with:
 * swaps under load fail no request, a request in flight finishes where it began, an invalid
 * snapshot is refused while the last good one keeps serving, and DestinationRule load balancing
 * behaves as Envoy's does.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVersion, MeshHarness } from './testing/mesh-harness.ts';
import { deployment, service } from './testing/yaml.ts';

const base = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('web') +
    deployment('web-v1', 'web', 'v1') +
    deployment('web-v2', 'web', 'v2') +
    deployment('web-v3', 'web', 'v3'),
];

const subsets = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
  - name: sticky
    labels: {app: web}
    trafficPolicy:
      loadBalancer:
        consistentHash: {httpHeaderName: x-user}
---
`;

const allTo = (subset: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - match: [{headers: {x-user: {regex: ".+"}}}]
    route: [{destination: {host: web, subset: sticky}}]
  - route: [{destination: {host: web, subset: ${subset}}}]
`;

const workloadOf = (body: string): string => (JSON.parse(body) as { workload: string }).workload;

describe('snapshots, swaps and the admin endpoint', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...base, subsets, allTo('v1')],
      [{ workload: 'client-v1' }, { workload: 'web-v1' }, { workload: 'web-v2' }, { workload: 'web-v3' }],
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('is ready and shows its snapshot, clusters and log levels on the admin endpoint', async () => {
    const admin = mesh.member('client-v1').sidecar.adminUrl;
    const ready = await fetch(`${admin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('LIVE\n');
    expect(await configVersion(admin)).toBe(mesh.member('client-v1').snapshot.revision);
    const clusters = await (await fetch(`${admin}/clusters`)).text();
    expect(clusters).toMatch(
      /^outbound\|9080\|v2\|web\.default\.svc\.cluster\.local::127\.0\.0\.1:\d+::health_flags::healthy$/m,
    );
    expect(clusters).toMatch(
      /^outbound\|9080\|sticky\|web\.default\.svc\.cluster\.local::127\.0\.0\.1:\d+::rq_total::\d+$/m,
    );
    const json = (await (await fetch(`${admin}/clusters?format=json`)).json()) as {
      cluster_statuses: Array<{ name: string; host_statuses: unknown[] }>;
    };
    expect(
      json.cluster_statuses.find((c) => c.name === 'outbound|9080||web.default.svc.cluster.local')
        ?.host_statuses,
    ).toHaveLength(3);
    const changed = await fetch(`${admin}/logging?router=debug`, { method: 'POST' });
    expect(await changed.text()).toContain('  router: debug');
    const refused = await fetch(`${admin}/logging?router=loud`, { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("unknown log level 'loud'");
  });

  it("applies the subset's load balancer in place of the top-level one: consistent hash on x-user", async () => {
    const byUser = new Map<string, Set<string>>();
    for (const user of ['ann', 'bob', 'cyd', 'dee', 'eve', 'fay']) {
      const seen = new Set<string>();
      for (let i = 0; i < 8; i++)
        seen.add(workloadOf((await mesh.send('client-v1', 'web:9080', '/', { 'x-user': user })).body));
      byUser.set(user, seen);
    }
    // One user, one instance; and the users do not all land on the same one.
    for (const seen of byUser.values()) expect(seen.size).toBe(1);
    expect(new Set([...byUser.values()].map((s) => [...s][0])).size).toBeGreaterThan(1);
  });

  it('swaps snapshots under load without failing a request, and lets requests in flight finish where they began', async () => {
    const slow = mesh.send('client-v1', 'web:9080', '/?delay=400');
    let stop = false;
    const statuses: number[] = [];
    const workers = Array.from({ length: 8 }, async () => {
      while (!stop) statuses.push((await mesh.send('client-v1', 'web:9080', '/')).status);
    });
    for (const subset of ['v2', 'v1', 'v2', 'v1', 'v2'])
      await mesh.reconfigure([...base, subsets, allTo(subset)]);
    stop = true;
    await Promise.all(workers);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Begun on the v1 snapshot, it ends there, though the mesh now sends everything to v2.
    expect(workloadOf((await slow).body)).toBe('web-v1');
    expect(workloadOf((await mesh.send('client-v1', 'web:9080', '/')).body)).toBe('web-v2');
  });

  it('refuses an invalid snapshot, naming the field, and keeps serving the last good one', async () => {
    const member = mesh.member('client-v1');
    const before = await configVersion(member.sidecar.adminUrl);
    writeFileSync(
      member.snapshotFile,
      JSON.stringify({ ...member.snapshot, listeners: [{ name: 'x', port: 'eighty' }] }),
    );
    const deadline = Date.now() + 10_000;
    let dump: { configs: Array<{ version_info: string; error_state?: { details: string } }> } = {
      configs: [],
    };
    while (Date.now() < deadline) {
      dump = (await (await fetch(`${member.sidecar.adminUrl}/config_dump`)).json()) as typeof dump;
      if (dump.configs[0]?.error_state) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(dump.configs[0]?.version_info).toBe(before);
    expect(dump.configs[0]?.error_state?.details).toMatch(/listeners\[0\]\.(direction|port)/);
    expect((await mesh.send('client-v1', 'web:9080', '/')).status).toBe(200);
    expect(member.sidecar.stderr()).toContain('snapshot refused');
  });
});
