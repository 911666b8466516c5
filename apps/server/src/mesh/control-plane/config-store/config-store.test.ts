/**
 * Applying config as a user does: Istio's Bookinfo goes in and comes back out, updates need the
 * current resourceVersion, and an invalid change is refused with its findings, changing nothing
 * (proved on a dump of every row of the database file).
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, ConfigStoreError } from './index.ts';
import type { ApplyResult } from './index.ts';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
  bookinfoVirtualServices,
  dumpDatabase,
  istioSample,
  tempDir,
} from './test-support.ts';
import type { TempDir } from './test-support.ts';

const applySample = (store: ConfigStore, path: string): ApplyResult => {
  const { file, text } = istioSample(path);
  return store.applyText(text, file);
};

/** Bookinfo's reviews route, sending everything to v2 of `host`. */
const reviewsTo = (host: string, options: { resourceVersion?: string; routeExtra?: string } = {}): string => {
  const version =
    options.resourceVersion === undefined ? '' : `  resourceVersion: "${options.resourceVersion}"\n`;
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
${version}spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: ${host}
        subset: v2
${options.routeExtra ?? ''}`;
};

function thrown(run: () => unknown): ConfigStoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigStoreError) return error;
    throw error;
  }
  throw new Error('expected a ConfigStoreError');
}

describe('config store: apply, get and list', () => {
  let dir: TempDir;
  let store: ConfigStore;
  beforeEach(() => {
    dir = tempDir();
    store = ConfigStore.open(dir.path);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const bookinfo = (): void => {
    for (const path of [bookinfoPlatform, bookinfoDestinationRules, bookinfoVirtualServices]) {
      expect(applySample(store, path).status).toBe('applied');
    }
  };

  it('stores Bookinfo with one revision per change, and returns it as Kubernetes would', () => {
    const platform = applySample(store, bookinfoPlatform);
    expect(platform).toMatchObject({ status: 'applied', revision: '1', dryRun: false });
    expect(platform.objects).toContainEqual({
      key: { kind: 'Deployment', namespace: 'default', name: 'reviews-v2' },
      outcome: 'created',
      resourceVersion: '1',
      generation: 1,
    });
    expect(applySample(store, bookinfoDestinationRules).revision).toBe('2');
    const routes = applySample(store, bookinfoVirtualServices);
    expect(routes.revision).toBe('3');
    expect(routes.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const reviews = store.get({ kind: 'VirtualService', namespace: 'default', name: 'reviews' });
    expect(reviews).toMatchObject({
      resourceVersion: '3',
      generation: 1,
      apiVersion: 'networking.istio.io/v1',
    });
    expect(reviews?.manifest).toMatchObject({
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'default', resourceVersion: '3', generation: 1 },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
    });
    expect(reviews?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.get({ kind: 'VirtualService', namespace: 'default', name: 'nope' })).toBeUndefined();

    expect(store.list({ kind: 'VirtualService' }).map((o) => o.key.name)).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    expect(store.list({ namespace: 'default' })).toHaveLength(14 + 4 + 4);
    expect(store.list({ namespace: 'elsewhere' })).toEqual([]);
    expect(store.revision()).toBe('3');
  });

  it('accepts every one of Istio’s Bookinfo samples in turn, as Istio does', () => {
    applySample(store, bookinfoPlatform);
    const dir = new URL('../../../../../../third_party/istio/bookinfo/networking/', import.meta.url);
    for (const name of readdirSync(dir).sort()) {
      const result = applySample(store, `bookinfo/networking/${name}`);
      expect([name, result.status, result.findings.filter((f) => f.severity === 'error')]).toEqual([
        name,
        'applied',
        [],
      ]);
    }
  });

  it('reports findings on what it accepts, with the place in the file', () => {
    applySample(store, bookinfoPlatform);
    const rules = applySample(store, bookinfoDestinationRules);
    expect(rules.findings).toContainEqual(
      expect.objectContaining({
        code: 'KIA0203',
        path: 'spec/subsets[1]',
        object: expect.objectContaining({ kind: 'DestinationRule', name: 'ratings' }) as unknown,
        source: { file: bookinfoDestinationRules, line: 39, column: 5 },
      }),
    );
  });

  it('applies the same config again as unchanged, without a new revision', () => {
    bookinfo();
    const again = applySample(store, bookinfoVirtualServices);
    expect(again.status).toBe('unchanged');
    expect(again.revision).toBe('3');
    expect(new Set(again.objects.map((o) => o.outcome))).toEqual(new Set(['unchanged']));
  });

  it('updates with the current resourceVersion and refuses a stale one as a conflict', () => {
    bookinfo();
    const current = store.get({ kind: 'VirtualService', namespace: 'default', name: 'reviews' });
    const edited = reviewsTo('reviews', { resourceVersion: current?.resourceVersion ?? '' });
    const updated = store.applyText(edited, 'reviews.yaml');
    expect(updated).toMatchObject({ status: 'applied', revision: '4' });
    expect(updated.objects).toEqual([
      {
        key: { kind: 'VirtualService', namespace: 'default', name: 'reviews' },
        outcome: 'configured',
        resourceVersion: '4',
        generation: 2,
      },
    ]);

    const before = dumpDatabase(store.file);
    const stale = thrown(() => store.applyText(edited.replace('subset: v2', 'subset: v3'), 'reviews.yaml'));
    expect(stale.reason).toBe('conflict');
    expect(stale.message).toBe(
      'Operation cannot be fulfilled on virtualservices.networking.istio.io "reviews": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(dumpDatabase(store.file)).toEqual(before);

    const exists = thrown(() =>
      store.applyText(reviewsTo('reviews'), 'reviews.yaml', {
        expectVersions: { 'VirtualService/default/reviews': null },
      }),
    );
    expect(exists.message).toBe('virtualservices.networking.istio.io "reviews" already exists');
  });

  it('counts generations on spec changes only, and resourceVersions on every change', () => {
    bookinfo();
    const labelled = reviewsTo('reviews').replace(
      '  name: reviews\n',
      '  name: reviews\n  labels: {team: books}\n',
    );
    store.applyText(reviewsTo('reviews'), 'reviews.yaml');
    expect(store.applyText(labelled, 'reviews.yaml').objects[0]).toMatchObject({
      resourceVersion: '5',
      generation: 2,
    });
  });

  it('refuses a route to an unknown host with Kiali’s finding, changing nothing', () => {
    bookinfo();
    const before = dumpDatabase(store.file);
    const result = store.applyText(reviewsTo('reviewz'), 'reviews.yaml');
    expect(result).toMatchObject({ status: 'refused', revision: '3', objects: [] });
    expect(result.findings).toContainEqual({
      code: 'KIA1101',
      severity: 'error',
      message: "DestinationWeight on route doesn't have a valid service (host not found)",
      path: 'spec/http[0]/route[0]/destination/host',
      object: {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1',
        name: 'reviews',
        namespace: 'default',
      },
      source: { file: 'reviews.yaml', line: 11, column: 15 },
    });
    expect(dumpDatabase(store.file)).toEqual(before);
    expect(
      store.get({ kind: 'VirtualService', namespace: 'default', name: 'reviews' })?.manifest,
    ).toMatchObject({
      spec: { http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
    });
  });

  it('refuses an unknown field with its path and a suggestion', () => {
    bookinfo();
    const result = store.applyText(reviewsTo('reviews').replace('  - route:', '  - rout:'), 'reviews.yaml');
    expect(result.status).toBe('refused');
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: 'IST0106',
        path: 'spec/http[0]/rout',
        message: 'Schema validation error: spec.http[0].rout: unknown field "rout" (did you mean "route"?)',
      }),
    );
  });

  it('refuses a whole multi-document change when one document is invalid', () => {
    bookinfo();
    const before = dumpDatabase(store.file);
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: productpage-lb}
spec:
  host: productpage
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
---
${reviewsTo('reviews', { routeExtra: '    timeout: 3 seconds\n' })}`;
    const result = store.applyText(text, 'change.yaml');
    expect(result.status).toBe('refused');
    expect(
      result.findings.filter((f) => f.severity === 'error').map((f) => [f.object?.name, f.path]),
    ).toEqual([['reviews', 'spec/http[0]/timeout']]);
    expect(dumpDatabase(store.file)).toEqual(before);
    expect(
      store.get({ kind: 'DestinationRule', namespace: 'default', name: 'productpage-lb' }),
    ).toBeUndefined();
  });

  it('refuses unreadable YAML and names Kubernetes would refuse, with line and column', () => {
    const syntax = store.applyText('kind: Service\nmetadata: {name: x\n', 'bad.yaml');
    expect(syntax.status).toBe('refused');
    expect(syntax.findings[0]).toMatchObject({ code: 'ML0001', source: { file: 'bad.yaml' } });

    const name = store.applyText(
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: Bad_Name}\n',
      'sa.yaml',
    );
    expect(name.status).toBe('refused');
    expect(name.findings[0]).toMatchObject({
      code: 'IST0106',
      path: 'metadata/name',
      source: { file: 'sa.yaml', line: 3, column: 18 },
    });
    expect(name.findings[0]?.message).toMatch(
      /^Schema validation error: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    expect(store.revision()).toBe('0');
    expect(() =>
      store.applyText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'cm.yaml'),
    ).toThrow(/no objects to apply.*1 document\(s\) of other kinds passed over/);
  });

  it('checks a dry run like a change and writes nothing', () => {
    bookinfo();
    const before = dumpDatabase(store.file);
    const result = store.applyText(reviewsTo('reviews'), 'reviews.yaml', { dryRun: true });
    expect(result).toMatchObject({ status: 'applied', dryRun: true, revision: '3' });
    expect(result.objects[0]?.outcome).toBe('configured');
    expect(dumpDatabase(store.file)).toEqual(before);
  });

  it('accepts a change that leaves findings on objects it does not touch, and reports them', () => {
    bookinfo();
    const rules = istioSample(bookinfoDestinationRules).text.replace(
      /- name: v1\n {4}labels:\n {6}version: v1\n {2}- name: v2/,
      '- name: v2',
    );
    const result = store.applyText(rules, bookinfoDestinationRules);
    expect(result.status).toBe('applied');
    expect(result.related).toContainEqual(
      expect.objectContaining({
        code: 'KIA1107',
        object: expect.objectContaining({ name: 'reviews' }) as unknown,
      }),
    );
  });
});
