/**
 * Istio's fault-injection task through real sidecars: Bookinfo's ratings VirtualServices that delay
 * (7 s) or abort (HTTP 500) the requests of end-user jason, as the caller sees them (time, status,
 * body) and as its sidecar reports them (response_flags DI and FI); and a route `timeout` that
 * cuts a slow call chain short (504, UT).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { counterValue, istioRequests, scrape, timed } from './testing/proxy-observations.ts';

// Istio's Bookinfo files, vendored unmodified (third_party/istio/SOURCES.md).
const bookinfoDir = fileURLToPath(new URL('../../../../../third_party/istio/bookinfo/', import.meta.url));
const bookinfoFile = (file: string): string => readFileSync(`${bookinfoDir}${file}`, 'utf8');

const workloadOf = (body: string): string => (JSON.parse(body) as { workload: string }).workload;

// Istio's request-timeouts task puts a timeout on the reviews route the same way.
const reviewsWithTimeout = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
    timeout: 3s
`;

/** Users the ratings rules do not match: another user, none at all, a name jason is a prefix of. */
const otherUsers: readonly Record<string, string>[] = [{ 'end-user': 'mary' }, {}, { 'end-user': 'jason2' }];

const bookinfo = [
  bookinfoFile('platform/bookinfo.yaml'),
  bookinfoFile('networking/destination-rule-all.yaml'),
];

describe('virtual-service-ratings-test-delay.yaml', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...bookinfo, bookinfoFile('networking/virtual-service-ratings-test-delay.yaml'), reviewsWithTimeout],
      [{ workload: 'productpage-v1' }, { workload: 'reviews-v2' }, { workload: 'ratings-v1' }],
    );
  }, 60_000);
  // Jason's call chain through reviews may still be held by the ratings delay: sidecars drain it.
  afterAll(async () => mesh.stop(), 20_000);

  it('holds jason’s request for the fixed 7 s (DI), then serves it, while other users are served at once', async () => {
    const admin = mesh.member('productpage-v1').sidecar.adminUrl;
    const ratings = { reporter: 'source', destination_service_name: 'ratings', response_code: '200' };
    const delayedBefore = await counterValue(admin, 'istio_requests_total', {
      ...ratings,
      response_flags: 'DI',
    });
    const plainBefore = await counterValue(admin, 'istio_requests_total', {
      ...ratings,
      response_flags: '-',
    });

    const jason = timed(() =>
      mesh.send('productpage-v1', 'ratings:9080', '/ratings/0', { 'end-user': 'jason' }),
    );
    // Requests of other users, sent while jason's is held, are not delayed.
    for (const headers of otherUsers) {
      const other = await timed(() => mesh.send('productpage-v1', 'ratings:9080', '/ratings/0', headers));
      expect(other.status).toBe(200);
      expect(workloadOf(other.body)).toBe('ratings-v1');
      expect(other.elapsedMs).toBeLessThan(1000);
    }
    const held = await jason;
    expect(held.status).toBe(200);
    expect(workloadOf(held.body)).toBe('ratings-v1');
    expect(held.elapsedMs).toBeGreaterThanOrEqual(6900);
    expect(held.elapsedMs).toBeLessThan(9000);

    // The client sidecar reports the delayed request with flag DI, the others without a flag.
    expect(await istioRequests(admin, { ...ratings, response_flags: 'DI' }, delayedBefore + 1)).toBe(
      delayedBefore + 1,
    );
    expect(
      await istioRequests(admin, { ...ratings, response_flags: '-' }, plainBefore + otherUsers.length),
    ).toBe(plainBefore + otherUsers.length);
  }, 15_000);

  it('answers 504 upstream request timeout after the 3 s route timeout when the call chain is slower', async () => {
    const admin = mesh.member('productpage-v1').sidecar.adminUrl;
    const timedOut = {
      reporter: 'source',
      destination_service_name: 'reviews',
      response_code: '504',
      response_flags: 'UT',
    };
    const timedOutBefore = await counterValue(admin, 'istio_requests_total', timedOut);
    // reviews v2 calls ratings through its own sidecar, propagating end-user: ratings delays it 7 s.
    const r = await timed(() =>
      mesh.send('productpage-v1', 'reviews:9080', '/call/ratings:9080/ratings/0', { 'end-user': 'jason' }),
    );
    expect(r.status).toBe(504);
    expect(r.body).toBe('upstream request timeout');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(2900);
    expect(r.elapsedMs).toBeLessThan(5000);
    expect(await istioRequests(admin, timedOut, timedOutBefore + 1)).toBe(timedOutBefore + 1);
  }, 10_000);

  it('keeps the same call chain within the timeout for other users', async () => {
    const r = await timed(() =>
      mesh.send('productpage-v1', 'reviews:9080', '/call/ratings:9080/ratings/0', { 'end-user': 'mary' }),
    );
    expect(r.status).toBe(200);
    expect(workloadOf(r.body)).toBe('ratings-v1');
    expect(r.elapsedMs).toBeLessThan(1000);
  });
});

describe('virtual-service-ratings-test-abort.yaml', () => {
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [...bookinfo, bookinfoFile('networking/virtual-service-ratings-test-abort.yaml')],
      [{ workload: 'productpage-v1' }, { workload: 'ratings-v1' }],
    );
  }, 60_000);
  afterAll(async () => mesh.stop());

  it('answers jason with 500 fault filter abort (FI), without reaching ratings', async () => {
    const admin = mesh.member('productpage-v1').sidecar.adminUrl;
    const flagged = { reporter: 'source', response_flags: 'FI' };
    const abortedBefore = await counterValue(admin, 'istio_requests_total', flagged);
    const seenBefore = mesh.member('ratings-v1').app?.seen.length ?? 0;
    for (let i = 0; i < 3; i++) {
      const r = await mesh.send('productpage-v1', 'ratings:9080', '/ratings/0', { 'end-user': 'jason' });
      expect(r.status).toBe(500);
      expect(r.body).toBe('fault filter abort');
      expect(r.headers['content-type']).toBe('text/plain');
    }
    expect(mesh.member('ratings-v1').app?.seen.length).toBe(seenBefore);

    expect(await istioRequests(admin, flagged, abortedBefore + 3)).toBe(abortedBefore + 3);
    // The route chose ratings' cluster before the fault answered: Istio's stats filter names the
    // destination service from that cluster's metadata (no upstream peer, so no workload).
    const samples = (await scrape(admin)).filter(
      (s) => s.name === 'istio_requests_total' && s.labels.response_flags === 'FI',
    );
    expect(samples.map((s) => s.labels)).toEqual([
      expect.objectContaining({
        response_code: '500',
        destination_service: 'ratings.default.svc.cluster.local',
        destination_service_name: 'ratings',
        destination_workload: 'unknown',
      }),
    ]);
  });

  it('serves every other user from ratings v1', async () => {
    for (const headers of otherUsers) {
      const r = await mesh.send('productpage-v1', 'ratings:9080', '/ratings/0', headers);
      expect(r.status).toBe(200);
      expect(workloadOf(r.body)).toBe('ratings-v1');
    }
  });
});
