/**
 * Istio's mirroring task through real sidecars: httpbin v1 serves every request while a share of
 * them is copied to v2 (`mirror` + `mirrorPercentage`). The caller only ever sees v1: the copy
 * carries Envoy's `-shadow` host, is fire-and-forget (a slow v2 never delays the caller) and its
 * failures (reset, refused connection) never fail the request it copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { takeOverApp } from './testing/scripted-app.ts';
import { sleep, timed } from './testing/proxy-observations.ts';
import { deployment, service } from './testing/yaml.ts';

const httpbin = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - httpbin
  http:
  - route:
    - destination:
        host: httpbin
        subset: v1
      weight: 100
    mirror:
      host: httpbin
      subset: v2
    mirrorPercentage:
      value: 50
`;

const workloadOf = (body: string): string => (JSON.parse(body) as { workload: string }).workload;

describe('mirror to httpbin v2 at 50%', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        service('sleep', 80) + deployment('sleep-v1', 'sleep', 'v1', 80),
        service('httpbin', 8000) +
          deployment('httpbin-v1', 'httpbin', 'v1', 8000) +
          deployment('httpbin-v2', 'httpbin', 'v2', 8000),
        httpbin,
      ],
      [{ workload: 'sleep-v1' }, { workload: 'httpbin-v1' }, { workload: 'httpbin-v2' }],
    );
  }, 60_000);
  // v2 may still hold copies it has not answered: sidecars drain them on stop.
  afterAll(async () => mesh.stop(), 20_000);

  /** Sends `count` sequential requests; each must be answered by v1, promptly. */
  async function sendAll(prefix: string, count: number): Promise<string[]> {
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = `/headers?${prefix}=${i}`;
      const r = await timed(() => mesh.send('sleep-v1', 'httpbin:8000', path));
      expect(r.status, r.body).toBe(200);
      expect(workloadOf(r.body)).toBe('httpbin-v1');
      // A copy never delays the caller: far below v2's 2 s (not a performance figure).
      expect(r.elapsedMs).toBeLessThan(1000);
      paths.push(path);
    }
    return paths;
  }

  it('serves every request from v1 and copies about half to v2 under the -shadow host', async () => {
    const copies: { path: string; host: string | undefined }[] = [];
    // v2 answers each copy only after 2 s.
    const v2 = await takeOverApp(mesh.member('httpbin-v2'), (req, res) => {
      copies.push({ path: req.url ?? '', host: req.headers.host });
      req.resume();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('v2');
      }, 2000);
    });
    try {
      const sent = await sendAll('main', 200);
      await sleep(500); // the last copies are still on their way
      const share = copies.length / sent.length;
      expect(share).toBeGreaterThanOrEqual(0.3);
      expect(share).toBeLessThanOrEqual(0.7);
      // Envoy appends -shadow to the host part of the authority, before the port.
      expect(copies.filter((c) => c.host !== 'httpbin-shadow:8000')).toEqual([]);
      expect(copies.filter((c) => !sent.includes(c.path))).toEqual([]);
      // v1 saw each request once, under the caller's own authority.
      const atV1 = (mesh.member('httpbin-v1').app?.seen ?? []).filter((s) =>
        s.path.startsWith('/headers?main='),
      );
      expect(atV1.map((s) => s.path)).toEqual(sent);
      expect(atV1.filter((s) => s.headers.host !== 'httpbin:8000')).toEqual([]);
    } finally {
      await v2.close();
    }
  }, 30_000);

  it('answers the caller from v1 when the mirror resets every copy', async () => {
    const v2 = await takeOverApp(mesh.member('httpbin-v2'), (req) => {
      req.socket.destroy();
    });
    try {
      await sendAll('reset', 20);
      await sleep(200);
      // The copies did reach v2 (and were reset): the test exercised the failing mirror.
      expect(v2.received.length).toBeGreaterThan(0);
    } finally {
      await v2.close();
    }
  }, 15_000);

  it('answers the caller from v1 when the mirror refuses connections', async () => {
    // Without v2's sidecar, the client sidecar's connections to the mirror cluster are refused.
    await mesh.member('httpbin-v2').sidecar.stop();
    await sendAll('refused', 20);
  }, 15_000);
});
