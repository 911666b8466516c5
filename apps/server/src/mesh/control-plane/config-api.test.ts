/** The config API over real HTTP, against a real config store and a platform that runs nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './config-api-test-support.ts';
import type { TestServer } from './config-api-test-support.ts';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
  bookinfoVirtualServices,
  istioSample,
} from './config-store/test-support.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function call(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { method, ...(body !== undefined ? { body } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function apply(sample: string, query = ''): ReturnType<typeof call> {
  const { file, text } = istioSample(sample);
  return call('POST', `/api/config/apply?file=${encodeURIComponent(file)}${query}`, text);
}

const reviewsPath = '/api/config/objects/virtualservice/default/reviews';

const badReviews = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviewz
`;

describe('config API', () => {
  it('applies Bookinfo, reporting what each object became', async () => {
    expect((await apply(bookinfoPlatform)).status).toBe(200);
    expect((await apply(bookinfoDestinationRules)).status).toBe(200);
    const vs = await apply(bookinfoVirtualServices);
    expect(vs.status).toBe(200);
    expect(vs.body).toMatchObject({ status: 'applied', dryRun: false });
    expect(vs.body.objects).toContainEqual(
      expect.objectContaining({
        key: { kind: 'VirtualService', namespace: 'default', name: 'reviews' },
        outcome: 'created',
      }),
    );
    const again = await apply(bookinfoVirtualServices, '&dryRun=true');
    expect(again.body).toMatchObject({ status: 'unchanged', dryRun: true });
  });

  it('refuses an invalid change with 422 and its findings, and changes nothing', async () => {
    const before = await call('GET', reviewsPath);
    const refused = await call('POST', '/api/config/apply?file=bad.yaml', badReviews);
    expect(refused.status).toBe(422);
    expect(refused.body.status).toBe('refused');
    expect(refused.body.findings).toContainEqual(
      expect.objectContaining({
        code: 'KIA1101',
        severity: 'error',
        source: { file: 'bad.yaml', line: 10, column: 15 },
      }),
    );
    expect((await call('GET', reviewsPath)).body.resourceVersion).toBe(before.body.resourceVersion);
  });

  it('lists and gets objects by any name of their kind, and names what it cannot find', async () => {
    const list = await call('GET', '/api/config/objects?kind=vs&namespace=default');
    expect((list.body.items as Array<{ key: { name: string } }>).map((o) => o.key.name)).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const one = await call('GET', '/api/config/objects/VirtualServices/default/reviews');
    expect(one.body.manifest).toMatchObject({ kind: 'VirtualService', metadata: { name: 'reviews' } });
    const missing = await call('GET', '/api/config/objects/vs/default/nope');
    expect(missing).toEqual({
      status: 404,
      body: {
        error: 'virtualservices.networking.istio.io "nope" not found in namespace "default"',
        reason: 'not-found',
      },
    });
  });

  it.each([
    ['POST', '/api/config/apply?dryRun=yes', 'parameter dryRun must be true or false, not "yes"'],
    ['GET', '/api/config/objects?kind=widget', 'parameter kind: unknown kind "widget"'],
    ['POST', `${reviewsPath}/rollback`, 'parameter revision is required'],
    ['GET', `${reviewsPath}/diff?from=1`, 'parameter to is required'],
    ['GET', `${reviewsPath}/diff?from=latest&to=3`, 'revision "latest" of VirtualService default/reviews'],
  ])('answers %s %s with 400 naming the parameter', async (method, path, message) => {
    const response = await call(method, path, method === 'POST' ? 'x: 1' : undefined);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });

  it('keeps history, diffs two revisions and rolls back', async () => {
    const { text } = istioSample('bookinfo/networking/virtual-service-reviews-50-v3.yaml');
    expect((await call('POST', '/api/config/apply?file=50-v3.yaml', text)).status).toBe(200);
    const history = await call('GET', `${reviewsPath}/history`);
    const revisions = history.body.revisions as Array<{ revision: string; operation: string }>;
    expect(revisions.map((r) => r.operation)).toEqual(['create', 'update']);
    const [first, second] = revisions.map((r) => r.revision);
    const diff = await call('GET', `${reviewsPath}/diff?from=${first}&to=${second}`);
    expect(diff.body.diff).toContain('+            subset: v3');
    const rolledBack = await call('POST', `${reviewsPath}/rollback?revision=${first}`);
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.objects).toEqual([expect.objectContaining({ outcome: 'configured' })]);
    const current = await call('GET', reviewsPath);
    expect(JSON.stringify(current.body.manifest)).not.toContain('v3');
  });

  it('refuses a deletion at a stale resourceVersion with 409 and Kubernetes’ message, then deletes', async () => {
    const path = '/api/config/objects/destinationrule/default/ratings';
    const stale = await call('DELETE', `${path}?resourceVersion=1`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe(
      'Operation cannot be fulfilled on destinationrules.networking.istio.io "ratings": the object has been modified; please apply your changes to the latest version and try again',
    );
    const deleted = await call('DELETE', path);
    expect(deleted.status).toBe(200);
    expect(deleted.body.objects).toEqual([expect.objectContaining({ outcome: 'deleted' })]);
    expect((await call('GET', path)).status).toBe(404);
  });

  it('serves proxy status and the config compiled for a pod', async () => {
    server.proxies.splice(0, server.proxies.length, {
      node: 'sidecar~127.0.0.1~reviews-v1-0.default~default.svc.cluster.local',
      kind: 'sidecar',
      namespace: 'default',
      workload: 'reviews-v1',
      connected: true,
      sent: '7',
      acked: '7',
      state: 'Synced',
      rejected: undefined,
    });
    const status = await call('GET', '/api/proxy-status');
    expect(status.body.proxies).toEqual([
      expect.objectContaining({ workload: 'reviews-v1', state: 'Synced' }),
    ]);
    const config = await call('GET', '/api/proxy-config/default/productpage-v1-0');
    expect(config.status).toBe(200);
    expect(config.body.proxy).toMatchObject({ workload: 'productpage-v1', namespace: 'default' });
    const clusters = (config.body.clusters as Array<{ name: string }>).map((c) => c.name);
    expect(clusters).toContain('outbound|9080|v1|reviews.default.svc.cluster.local');
    const missing = await call('GET', '/api/proxy-config/default/nope-0');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('no pod or workload "nope-0" in namespace "default"');
  });
});
