/**
 * Bad input to the Istio config endpoints, over real HTTP on a real store: each answered with
 * the one error body, the status of its reason and the parameter or path part at fault, and
 * none of it changing the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
} from '../../mesh/control-plane/config-store/test-support.ts';
import { errorBodySchema } from '../errors.ts';
import type { IstioConfigTestServer } from '../testing/istio-config-server.ts';
import { startIstioConfigServer } from '../testing/istio-config-server.ts';

const NS = '/api/namespaces/bookinfo/istio';
const VS = `${NS}/networking.istio.io/v1/VirtualService`;
const REVIEWS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly param?: string;
  /** What the message must say. */
  readonly says: RegExp;
}

const cases: readonly Case[] = [
  {
    name: 'unknown group',
    method: 'GET',
    path: `${NS}/networking.example.io/v1/VirtualService/reviews`,
    status: 400,
    param: 'group',
    says: /networking\.example\.io/,
  },
  {
    name: 'unknown kind',
    method: 'GET',
    path: `${NS}/networking.istio.io/v1/VirtualHost/reviews`,
    status: 400,
    param: 'kind',
    says: /VirtualHost/,
  },
  {
    name: 'kind Meshlens does not keep',
    method: 'GET',
    path: `${NS}/telemetry.istio.io/v1/Telemetry/t`,
    status: 400,
    param: 'kind',
    says: /not managed/,
  },
  {
    name: 'version not served',
    method: 'GET',
    path: `${NS}/networking.istio.io/v2/VirtualService/reviews`,
    status: 400,
    param: 'version',
    says: /v2/,
  },
  {
    name: 'validate not a boolean',
    method: 'GET',
    path: `${NS}?validate=maybe`,
    status: 400,
    param: 'validate',
    says: /maybe/,
  },
  {
    name: 'unknown objects type',
    method: 'GET',
    path: '/api/istio/config?objects=virtualservices,routes',
    status: 400,
    param: 'objects',
    says: /routes/,
  },
  {
    name: 'another cluster',
    method: 'GET',
    path: '/api/istio/validations?clusterName=east',
    status: 400,
    param: 'clusterName',
    says: /east/,
  },
  {
    name: 'unknown namespace (list)',
    method: 'GET',
    path: '/api/namespaces/nowhere/istio',
    status: 404,
    param: 'namespace',
    says: /nowhere/,
  },
  {
    name: 'unknown namespace (all)',
    method: 'GET',
    path: '/api/istio/config?namespaces=bookinfo,nowhere',
    status: 404,
    param: 'namespaces',
    says: /nowhere/,
  },
  {
    name: 'unknown namespace (summary)',
    method: 'GET',
    path: '/api/istio/validations?namespaces=nowhere',
    status: 404,
    param: 'namespaces',
    says: /nowhere/,
  },
  {
    name: 'unknown namespace (object)',
    method: 'GET',
    path: '/api/namespaces/nowhere/istio/networking.istio.io/v1/VirtualService/reviews',
    status: 404,
    param: 'namespace',
    says: /nowhere/,
  },
  {
    name: 'unknown object',
    method: 'GET',
    path: `${VS}/nothing`,
    status: 404,
    param: 'object',
    says: /"nothing" not found/,
  },
  {
    name: 'patch of an unknown object',
    method: 'PATCH',
    path: `${VS}/nothing`,
    body: '{}',
    status: 404,
    param: 'object',
    says: /not found/,
  },
  {
    name: 'create in an unknown namespace',
    method: 'POST',
    path: '/api/namespaces/nowhere/istio/networking.istio.io/v1/VirtualService',
    body: REVIEWS,
    status: 404,
    param: 'namespace',
    says: /nowhere/,
  },
  { name: 'create with an empty body', method: 'POST', path: VS, body: '', status: 400, says: /empty/ },
  {
    name: 'create with YAML that cannot be read',
    method: 'POST',
    path: VS,
    body: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec: [1\nmetadata: {}\n',
    status: 400,
    says: /line 4, column 1/,
  },
  {
    name: 'create of another kind',
    method: 'POST',
    path: VS,
    body: REVIEWS.replace('VirtualService', 'DestinationRule'),
    status: 400,
    param: 'kind',
    says: /DestinationRule/,
  },
  {
    name: 'create in another namespace',
    method: 'POST',
    path: VS,
    body: REVIEWS.replace('name: reviews', 'name: reviews\n  namespace: default'),
    status: 400,
    param: 'namespace',
    says: /default/,
  },
  {
    name: 'create of two objects',
    method: 'POST',
    path: VS,
    body: `${REVIEWS}---\n${REVIEWS.replace('name: reviews', 'name: ratings')}`,
    status: 400,
    says: /one VirtualService, not 2/,
  },
];

describe('Istio config endpoints: bad input', () => {
  let server: IstioConfigTestServer;
  let revision: string;

  beforeAll(async () => {
    server = await startIstioConfigServer();
    server.install([bookinfoPlatform, bookinfoDestinationRules], 'bookinfo');
    server.store.applyText(REVIEWS, 'reviews.yaml', { namespace: 'bookinfo' });
    revision = server.store.revision();
  });
  afterAll(async () => {
    await server.close();
  });

  const call = async (
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: r.status, body: await r.json() };
  };

  it.each(cases)('$name → $status', async (c) => {
    const answer = await call(c.method, c.path, c.body);
    expect(answer.status).toBe(c.status);
    const body = errorBodySchema.parse(answer.body);
    expect(body.error).toMatch(c.says);
    expect(body.param).toBe(c.param);
    expect(server.store.revision()).toBe(revision);
  });

  it('names the line of a patch that cannot be read', async () => {
    const answer = await call('PATCH', `${VS}/reviews`, '{"spec":\n  {"hosts": ["a"],\n   "hosts": ["b"]}}');
    expect(answer.status).toBe(400);
    expect(errorBodySchema.parse(answer.body).error).toMatch(/line 3, column 4: Map keys must be unique/);
  });

  it('refuses a patch that renames the object', async () => {
    const answer = await call('PATCH', `${VS}/reviews`, '{"metadata": {"name": "ratings"}}');
    expect(answer.status).toBe(400);
    expect(errorBodySchema.parse(answer.body)).toMatchObject({
      param: 'object',
      error: expect.stringMatching(/rename/) as unknown,
    });
  });

  it('refuses a body over 1 MiB', async () => {
    const answer = await call('POST', VS, `# ${'x'.repeat(1024 * 1024)}\n${REVIEWS}`);
    expect(answer.status).toBe(413);
    expect(server.store.revision()).toBe(revision);
  });
});
