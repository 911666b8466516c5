/**
 * The config editor's server API over real HTTP on a real config store holding Istio's
 * Bookinfo: the validation snapshot (the browser's findings are the save's, line and column),
 * dry runs of create and update (the write's answer, nothing written), and revision history
 * with rollback (also of a deleted object), each bad input answered naming its parameter.
 */
import { istioConfigDetailsSchema } from '@meshlens/mesh-core/api/istio-config';
import {
  configRevisionsSchema,
  meshSnapshotFromJson,
  validationSnapshotSchema,
} from '@meshlens/mesh-core/api/istio-config-editing';
import { DocumentValidator } from '@meshlens/mesh-core/validation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
} from '../../mesh/control-plane/config-store/test-support.ts';
import { errorBodySchema } from '../errors.ts';
import type { IstioConfigTestServer } from '../testing/istio-config-server.ts';
import { startIstioConfigServer } from '../testing/istio-config-server.ts';

const VS_PATH = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService';
const REVIEWS = `${VS_PATH}/reviews`;

/** Bookinfo's reviews route as the editor shows it: YAML, one route to `host`. */
const reviewsYaml = (host: string, subset?: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: ${host}
${subset === undefined ? '' : `            subset: ${subset}\n`}`;

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

describe('Istio config editing endpoints', () => {
  let server: IstioConfigTestServer;

  const call = async (method: string, path: string, body?: string): Promise<Answer> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/yaml' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const error = (a: Answer) => errorBodySchema.parse(a.body);
  const details = (a: Answer) => istioConfigDetailsSchema.parse(a.body);
  const storedReviews = () =>
    server.store.get({ kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' });
  const subsetOf = (spec: unknown): unknown =>
    (spec as { http: { route: { destination: { subset?: string } }[] }[] }).http[0]?.route[0]?.destination
      .subset;

  beforeEach(async () => {
    server = await startIstioConfigServer();
    server.install([bookinfoPlatform, bookinfoDestinationRules], 'bookinfo');
  });
  afterEach(async () => {
    await server.close();
  });

  describe('validation snapshot', () => {
    /** The browser's findings on `text`, against the snapshot the server answers. */
    const inBrowser = async (text: string) => {
      const answer = await call('GET', '/api/istio/validation-snapshot');
      expect(answer.status).toBe(200);
      const validator = new DocumentValidator(meshSnapshotFromJson(answer.body));
      return validator.validate({ text, file: 'editor' }).map((f) => ({
        code: f.code,
        severity: f.severity,
        path: f.path,
        line: f.source?.line,
        column: f.source?.column,
      }));
    };
    const serverFindings = (a: Answer) =>
      (error(a).findings ?? []).map((f) => ({
        code: f.code,
        severity: f.severity,
        path: f.path,
        line: f.source?.line,
        column: f.source?.column,
      }));

    it('is the store’s mesh at its revision: Bookinfo’s services, workloads and rules', async () => {
      const answer = await call('GET', '/api/istio/validation-snapshot');
      const snapshot = validationSnapshotSchema.parse(answer.body);
      expect(snapshot.revision).toBe(server.store.revision());
      expect(snapshot.resources.map((r) => r.metadata.name).sort()).toEqual([
        'details',
        'productpage',
        'ratings',
        'reviews',
      ]);
      expect(snapshot.registry.workloads.map((w) => w.name)).toContain('reviews-v3');
      expect(snapshot.options.clusterDomain).toBe('cluster.local');
      await call('POST', VS_PATH, reviewsYaml('reviews', 'v1'));
      const after = validationSnapshotSchema.parse(
        (await call('GET', '/api/istio/validation-snapshot')).body,
      );
      expect(after.revision).not.toBe(snapshot.revision);
      expect(after.resources.map((r) => r.kind)).toContain('VirtualService');
    });

    it('lets the browser find KIA1101 where the refused create finds it', async () => {
      const text = reviewsYaml('reviewz');
      const browser = await inBrowser(text);
      const refused = await call('POST', VS_PATH, text);
      expect(refused.status).toBe(422);
      const kia1101 = {
        code: 'KIA1101',
        severity: 'error',
        path: 'spec/http[0]/route[0]/destination/host',
        line: 12,
        column: 19,
      };
      expect(browser).toEqual([kia1101]);
      expect(serverFindings(refused)).toEqual([kia1101]);
    });

    it('lets the browser find KIA1101 where the refused save of the edited object finds it', async () => {
      expect((await call('POST', VS_PATH, reviewsYaml('reviews', 'v1'))).status).toBe(200);
      // The editor's text: the stored object with its route pointed at a host that is gone.
      const text = `# edited in the console\n${reviewsYaml('ratingz', 'v1')}`;
      const browser = await inBrowser(text);
      const refused = await call('PATCH', REVIEWS, text);
      expect(refused.status).toBe(422);
      const found = serverFindings(refused);
      expect(found).toContainEqual({
        code: 'KIA1101',
        severity: 'error',
        path: 'spec/http[0]/route[0]/destination/host',
        line: 13,
        column: 19,
      });
      expect(found).toEqual(browser);
    });
  });

  describe('dry run', () => {
    it('answers a create as the write would, writing nothing', async () => {
      const revision = server.store.revision();
      const answer = await call('POST', `${VS_PATH}?dryRun=true`, reviewsYaml('reviews', 'v2'));
      expect(answer.status).toBe(200);
      const object = details(answer);
      expect(object.resource.metadata).toMatchObject({ name: 'reviews', namespace: 'bookinfo' });
      expect(subsetOf(object.resource.spec)).toBe('v2');
      expect(object.validation).toMatchObject({ name: 'reviews', valid: true, checks: [] });
      expect(storedReviews()).toBeUndefined();
      expect(server.store.revision()).toBe(revision);
    });

    it('shows a dry run’s warnings, and refuses an invalid one with 422 and findings, writing nothing', async () => {
      const warned = details(await call('POST', `${VS_PATH}?dryRun=true`, reviewsYaml('reviews', 'v9')));
      expect(warned.validation?.checks.map((c) => `${c.severity} ${c.code}`)).toEqual(['warning KIA1107']);
      const refused = await call('POST', `${VS_PATH}?dryRun`, reviewsYaml('nowhere'));
      expect(refused.status).toBe(422);
      expect(error(refused).findings?.map((f) => f.code)).toEqual(['KIA1101']);
      expect(storedReviews()).toBeUndefined();
    });

    it('answers an update as the write would, leaving the stored object as it was', async () => {
      await call('POST', VS_PATH, reviewsYaml('reviews', 'v1'));
      const before = storedReviews();
      const answer = await call('PATCH', `${REVIEWS}?dryRun=true`, reviewsYaml('reviews', 'v3'));
      expect(answer.status).toBe(200);
      const object = details(answer);
      expect(subsetOf(object.resource.spec)).toBe('v3');
      expect(object.resource.metadata.resourceVersion).toBe(before?.resourceVersion);
      expect(storedReviews()).toEqual(before);

      const refused = await call('PATCH', `${REVIEWS}?dryRun=All`, reviewsYaml('nowhere'));
      expect(refused.status).toBe(422);
      expect(storedReviews()).toEqual(before);
    });

    it('refuses a dryRun that is not true or false, naming it', async () => {
      const answer = await call('POST', `${VS_PATH}?dryRun=maybe`, reviewsYaml('reviews'));
      expect(answer.status).toBe(400);
      expect(error(answer)).toMatchObject({ reason: 'input', param: 'dryRun' });
      expect(storedReviews()).toBeUndefined();
    });
  });

  describe('revisions and rollback', () => {
    /** reviews created at v1, then moved to v2: the two revisions' numbers. */
    const createThenUpdate = async (): Promise<[string, string]> => {
      const created = details(await call('POST', VS_PATH, reviewsYaml('reviews', 'v1')));
      const updated = details(await call('PATCH', REVIEWS, reviewsYaml('reviews', 'v2')));
      return [
        created.resource.metadata.resourceVersion ?? '',
        updated.resource.metadata.resourceVersion ?? '',
      ];
    };
    const revisionsOf = async () => {
      const answer = await call('GET', `${REVIEWS}/revisions`);
      expect(answer.status).toBe(200);
      return configRevisionsSchema.parse(answer.body).revisions;
    };

    it('lists every revision oldest first with its YAML, and stays readable after deletion', async () => {
      const [first, second] = await createThenUpdate();
      expect((await call('DELETE', REVIEWS)).status).toBe(200);
      const revisions = await revisionsOf();
      expect(revisions.map((r) => [r.revision, r.operation])).toEqual([
        [first, 'create'],
        [second, 'update'],
        [expect.any(String), 'delete'],
      ]);
      expect(revisions[0]?.yaml).toContain('subset: v1');
      expect(revisions[1]?.yaml).toContain('subset: v2');
      expect(revisions[1]?.yaml).toContain(`resourceVersion: "${second}"`);
      expect(revisions[2]?.yaml).toBe('');
      expect(revisions.map((r) => r.generation)).toEqual([1, 2, 2]);
    });

    it('rolls back to a revision: the object as an update answers it, and a rollback revision', async () => {
      const [first] = await createThenUpdate();
      const answer = await call('POST', `${REVIEWS}/rollback?revision=${first}`);
      expect(answer.status).toBe(200);
      expect(subsetOf(details(answer).resource.spec)).toBe('v1');
      expect(subsetOf(storedReviews()?.manifest.spec)).toBe('v1');
      const last = (await revisionsOf()).at(-1);
      expect(last).toMatchObject({ operation: 'rollback', rollbackOf: first });
      expect(last?.yaml).toContain('subset: v1');
    });

    it('dry-runs a rollback without writing it', async () => {
      const [first, second] = await createThenUpdate();
      const answer = await call('POST', `${REVIEWS}/rollback?revision=${first}&dryRun=true`);
      expect(answer.status).toBe(200);
      const object = details(answer);
      expect(subsetOf(object.resource.spec)).toBe('v1');
      expect(object.resource.metadata.resourceVersion).toBe(second);
      expect(subsetOf(storedReviews()?.manifest.spec)).toBe('v2');
      expect((await revisionsOf()).map((r) => r.operation)).toEqual(['create', 'update']);
    });

    it('re-creates a deleted object by rolling back to a revision before the deletion', async () => {
      const [, second] = await createThenUpdate();
      await call('DELETE', REVIEWS);
      const answer = await call('POST', `${REVIEWS}/rollback?revision=${second}`);
      expect(answer.status).toBe(200);
      expect(subsetOf(storedReviews()?.manifest.spec)).toBe('v2');
      expect((await call('GET', REVIEWS)).status).toBe(200);
    });

    it('refuses with 422 a revision the mesh now refuses, changing nothing', async () => {
      const ratings = details(await call('POST', VS_PATH, reviewsYaml('ratings')));
      await call('PATCH', REVIEWS, reviewsYaml('reviews', 'v2'));
      server.store.delete({ kind: 'Service', namespace: 'bookinfo', name: 'ratings' });
      const before = storedReviews();
      const answer = await call(
        'POST',
        `${REVIEWS}/rollback?revision=${ratings.resource.metadata.resourceVersion ?? ''}`,
      );
      expect(answer.status).toBe(422);
      expect(error(answer).findings?.map((f) => f.code)).toContain('KIA1101');
      expect(storedReviews()).toEqual(before);
    });

    it.each([
      ['a revision that is not a number', '?revision=abc', 400],
      ['no revision', '', 400],
      ['a revision the object does not have', '?revision=999', 404],
    ])('answers %s with the error naming revision', async (_what, query, status) => {
      await createThenUpdate();
      const answer = await call('POST', `${REVIEWS}/rollback${query}`);
      expect(answer.status).toBe(status);
      expect(error(answer).param).toBe('revision');
    });

    it('refuses to roll back to the deletion itself, naming revision', async () => {
      await createThenUpdate();
      await call('DELETE', REVIEWS);
      const deletion = (await revisionsOf()).at(-1)?.revision ?? '';
      const answer = await call('POST', `${REVIEWS}/rollback?revision=${deletion}`);
      expect(answer.status).toBe(400);
      expect(error(answer)).toMatchObject({
        param: 'revision',
        error: expect.stringMatching(/deletion/) as unknown,
      });
    });

    it('answers 404 for an object that never existed, and for an unknown namespace', async () => {
      const never = await call('GET', `${VS_PATH}/never/revisions`);
      expect(never.status).toBe(404);
      expect(error(never).param).toBe('object');
      const elsewhere = await call(
        'GET',
        '/api/namespaces/nowhere/istio/networking.istio.io/v1/VirtualService/reviews/revisions',
      );
      expect(elsewhere.status).toBe(404);
      expect(error(elsewhere).param).toBe('namespace');
    });
  });
});
