/**
 * Kiali's Istio config endpoints over real HTTP on a real config store holding Istio's Bookinfo
 * in `bookinfo`: objects created, listed with their validations, patched, refused with the
 * store's findings (nothing written), conflicts on stale versions, deletions, the summary, and
 * every bad input answered with the one error body naming the part at fault.
 */
import {
  istioConfigDetailsSchema,
  istioConfigListSchema,
  validationSummariesSchema,
} from '@meshlens/mesh-core/api/istio-config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../mesh/control-plane/config-store/index.ts';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
  istioSample,
} from '../../mesh/control-plane/config-store/test-support.ts';
import { errorBodySchema } from '../errors.ts';
import type { IstioConfigTestServer } from '../testing/istio-config-server.ts';
import { startIstioConfigServer } from '../testing/istio-config-server.ts';

const VS_KEY = 'networking.istio.io/v1, Kind=VirtualService';
const DR_KEY = 'networking.istio.io/v1, Kind=DestinationRule';
const VS_PATH = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService';
const REVIEWS_V3 = istioSample('bookinfo/networking/virtual-service-reviews-v3.yaml').text;

/** Bookinfo's reviews route to `host`/`subset`, as Kiali's editor would send it (JSON). */
const reviewsRoute = (host: string, subset: string): string =>
  JSON.stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews' },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host, subset } }] }] },
  });

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

describe('Istio config endpoints', () => {
  let server: IstioConfigTestServer;

  const call = async (method: string, path: string, body?: string): Promise<Answer> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const error = (a: Answer): ReturnType<typeof errorBodySchema.parse> => errorBodySchema.parse(a.body);
  const storedVirtualServices = (): string[] =>
    server.store.list({ kind: 'VirtualService', namespace: 'bookinfo' }).map((o) => o.key.name);

  beforeEach(async () => {
    server = await startIstioConfigServer();
    server.install([bookinfoPlatform, bookinfoDestinationRules], 'bookinfo');
  });
  afterEach(async () => {
    await server.close();
  });

  it('creates Bookinfo’s reviews-v3 route and lists it, valid, with Kiali’s keys', async () => {
    const created = await call('POST', VS_PATH, REVIEWS_V3);
    expect(created.status).toBe(200);
    const details = istioConfigDetailsSchema.parse(created.body);
    expect(details.resource.metadata).toMatchObject({ name: 'reviews', namespace: 'bookinfo' });
    expect(details.resource.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(details.validation).toMatchObject({ valid: true, checks: [] });

    const listed = await call('GET', '/api/namespaces/bookinfo/istio?validate=true');
    expect(listed.status).toBe(200);
    const list = istioConfigListSchema.parse(listed.body);
    expect(list.resources[VS_KEY]?.map((o) => o.metadata.name)).toEqual(['reviews']);
    expect(list.resources[DR_KEY]).toHaveLength(4);
    expect(list.validations[VS_KEY]?.['reviews.bookinfo']).toMatchObject({
      name: 'reviews',
      namespace: 'bookinfo',
      cluster: 'Kubernetes',
      objectGVK: { Group: 'networking.istio.io', Version: 'v1', Kind: 'VirtualService' },
      valid: true,
      checks: [],
    });
    expect(list.permissions).toEqual({ bookinfo: { create: true, update: true, delete: true } });
  });

  it('refuses a route to a host the mesh lacks with 422 and KIA1101, storing nothing', async () => {
    const answer = await call('POST', VS_PATH, reviewsRoute('reviewz', 'v3'));
    expect(answer.status).toBe(422);
    const body = error(answer);
    expect(body.reason).toBe('unprocessable');
    expect(body.error).toMatch(/KIA1101/);
    expect(body.findings).toContainEqual(
      expect.objectContaining({
        code: 'KIA1101',
        severity: 'error',
        path: 'spec/http[0]/route[0]/destination/host',
      }),
    );
    expect(storedVirtualServices()).toEqual([]);
    expect((await call('GET', `${VS_PATH}/reviews`)).status).toBe(404);
  });

  it('accepts a route to an unknown subset, as Kiali rates KIA1107 a warning, and shows the check', async () => {
    expect((await call('POST', VS_PATH, reviewsRoute('reviews', 'v9'))).status).toBe(200);
    const list = istioConfigListSchema.parse((await call('GET', '/api/istio/config?validate')).body);
    expect(list.validations[VS_KEY]?.['reviews.bookinfo']).toMatchObject({
      valid: true,
      checks: [
        {
          code: 'KIA1107',
          severity: 'warning',
          message: 'Subset not found',
          path: 'spec/http[0]/route[0]/destination',
        },
      ],
    });
    const summary = validationSummariesSchema.parse(
      (await call('GET', '/api/istio/validations?namespaces=bookinfo')).body,
    );
    // Four DestinationRules and the VirtualService were validated; one warning among them.
    expect(summary).toEqual([
      { namespace: 'bookinfo', cluster: 'Kubernetes', errors: 0, warnings: 1, objectCount: 5 },
    ]);
  });

  it('answers 409 to creating an object that exists', async () => {
    expect((await call('POST', VS_PATH, REVIEWS_V3)).status).toBe(200);
    const again = await call('POST', VS_PATH, REVIEWS_V3);
    expect(again.status).toBe(409);
    expect(error(again)).toMatchObject({
      reason: 'conflict',
      error: expect.stringMatching(/already exists/) as unknown,
    });
  });

  it('patches with Kiali’s JSON merge patch, and refuses a stale resourceVersion with 409', async () => {
    const created = istioConfigDetailsSchema.parse((await call('POST', VS_PATH, REVIEWS_V3)).body);
    const firstVersion = created.resource.metadata.resourceVersion ?? '';
    const toV2 = { spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] } };
    const patched = await call('PATCH', `${VS_PATH}/reviews`, JSON.stringify(toV2));
    expect(patched.status).toBe(200);
    const after = istioConfigDetailsSchema.parse(patched.body);
    expect(after.resource.spec).toEqual({ hosts: ['reviews'], ...toV2.spec });
    expect(Number(after.resource.metadata.resourceVersion)).toBeGreaterThan(Number(firstVersion));

    const stale = { metadata: { resourceVersion: firstVersion }, spec: { hosts: ['reviews', 'ratings'] } };
    const conflict = await call('PATCH', `${VS_PATH}/reviews`, JSON.stringify(stale));
    expect(conflict.status).toBe(409);
    expect(error(conflict).reason).toBe('conflict');
    const now = istioConfigDetailsSchema.parse((await call('GET', `${VS_PATH}/reviews`)).body);
    expect(now.resource.spec).toEqual(after.resource.spec);
  });

  it('replaces the object with a whole YAML body at the current version', async () => {
    const created = istioConfigDetailsSchema.parse((await call('POST', VS_PATH, REVIEWS_V3)).body);
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  resourceVersion: "${created.resource.metadata.resourceVersion ?? ''}"
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;
    const replaced = await call('PATCH', `${VS_PATH}/reviews`, yaml);
    expect(replaced.status).toBe(200);
    expect(istioConfigDetailsSchema.parse(replaced.body).resource.spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
    });
  });

  it('refuses a patch that breaks the route with 422, leaving the object as it was', async () => {
    istioConfigDetailsSchema.parse((await call('POST', VS_PATH, REVIEWS_V3)).body);
    const before = server.store.get({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' });
    const broken = { spec: { http: [{ route: [{ destination: { host: 'nowhere' } }] }] } };
    const answer = await call('PATCH', `${VS_PATH}/reviews`, JSON.stringify(broken));
    expect(answer.status).toBe(422);
    expect(error(answer).findings?.map((f) => f.code)).toContain('KIA1101');
    expect(server.store.get({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' })).toEqual(
      before,
    );
  });

  it('deletes an object (200, no body); deleting it again is 404', async () => {
    await call('POST', VS_PATH, REVIEWS_V3);
    const deleted = await call('DELETE', `${VS_PATH}/reviews`);
    expect(deleted).toMatchObject({ status: 200, text: '' });
    expect(storedVirtualServices()).toEqual([]);
    expect((await call('DELETE', `${VS_PATH}/reviews`)).status).toBe(404);
  });

  it('shows an object’s details with its references when asked to validate', async () => {
    await call('POST', VS_PATH, REVIEWS_V3);
    const answer = await call('GET', `${VS_PATH}/reviews?validate=true`);
    const details = istioConfigDetailsSchema.parse(answer.body);
    expect(details.gvk).toEqual({ Group: 'networking.istio.io', Version: 'v1', Kind: 'VirtualService' });
    expect(details.namespace).toEqual({ name: 'bookinfo', cluster: 'Kubernetes' });
    expect(details.references?.serviceReferences).toEqual([{ name: 'reviews', namespace: 'bookinfo' }]);
    expect(details.references?.objectReferences).toEqual([
      {
        objectGVK: { Group: 'networking.istio.io', Version: 'v1', Kind: 'DestinationRule' },
        name: 'reviews',
        namespace: 'bookinfo',
      },
    ]);
    const plain = istioConfigDetailsSchema.parse((await call('GET', `${VS_PATH}/reviews`)).body);
    expect(plain).toMatchObject({ validation: null, references: null });
  });

  it('lists only the kinds `objects` names, with their validations only', async () => {
    await call('POST', VS_PATH, REVIEWS_V3);
    const drOnly = encodeURIComponent('networking.istio.io/v1, Kind=DestinationRule');
    const list = istioConfigListSchema.parse(
      (await call('GET', `/api/istio/config?namespaces=bookinfo&objects=${drOnly}&validate=true`)).body,
    );
    expect(list.resources[VS_KEY]).toEqual([]);
    expect(list.resources[DR_KEY]).toHaveLength(4);
    expect(Object.keys(list.validations)).toEqual([DR_KEY]);
  });

  it('lists every namespace when none is named', async () => {
    server.install(['bookinfo/networking/bookinfo-gateway.yaml'], 'default');
    const list = istioConfigListSchema.parse((await call('GET', '/api/istio/config')).body);
    const namespaces = Object.values(list.resources).flatMap((objects) =>
      objects.map((o) => o.metadata.namespace),
    );
    expect(new Set(namespaces)).toEqual(new Set(['bookinfo', 'default']));
    expect(list.validations).toEqual({});
  });

  it('tells the store’s listeners of every write, as a config-API write does', async () => {
    const events: ChangeEvent[] = [];
    const stop = server.store.onChange((e) => events.push(e));
    await call('POST', VS_PATH, REVIEWS_V3);
    await call('DELETE', `${VS_PATH}/reviews`);
    stop();
    expect(events.map((e) => e.objects.map((o) => o.outcome))).toEqual([['created'], ['deleted']]);
  });
});
