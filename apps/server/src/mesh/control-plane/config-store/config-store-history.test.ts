/**
 * What a user relies on over time: every revision of an object kept, compared and restored;
 * deletions that report what they leave dangling; a restart that finds everything; two writers
 * on one file that cannot overwrite each other's changes; change events for the push.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, ConfigStoreError } from './index.ts';
import type { ChangeEvent, ConfigStoreOptions } from './index.ts';
import {
  bookinfoDestinationRules,
  bookinfoPlatform,
  bookinfoVirtualServices,
  istioSample,
  tempDir,
} from './test-support.ts';
import type { TempDir } from './test-support.ts';

const reviews = { kind: 'VirtualService', namespace: 'default', name: 'reviews' };
const reviewsRules = { kind: 'DestinationRule', namespace: 'default', name: 'reviews' };

const reviewsTo = (subset: string, resourceVersion?: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
${resourceVersion === undefined ? '' : `  resourceVersion: "${resourceVersion}"\n`}spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;

function thrown(run: () => unknown): ConfigStoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigStoreError) return error;
    throw error;
  }
  throw new Error('expected a ConfigStoreError');
}

describe('config store: history, deletion, restart and concurrent writers', () => {
  let dir: TempDir;
  const open: ConfigStore[] = [];
  const openStore = (options?: ConfigStoreOptions): ConfigStore => {
    const store = ConfigStore.open(dir.path, options);
    open.push(store);
    return store;
  };
  const bookinfo = (store: ConfigStore): void => {
    for (const path of [bookinfoPlatform, bookinfoDestinationRules, bookinfoVirtualServices]) {
      const { file, text } = istioSample(path);
      expect(store.applyText(text, file).status).toBe('applied');
    }
  };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    for (const store of open.splice(0)) store.close();
    dir.remove();
  });

  it('keeps every revision, diffs two of them and rolls back to one', () => {
    let clock = Date.parse('2025-03-01T10:00:00.000Z');
    const store = openStore({ now: () => new Date((clock += 60_000)) });
    bookinfo(store);
    store.applyText(reviewsTo('v2'), 'reviews.yaml');

    expect(store.history(reviews)).toEqual([
      expect.objectContaining({
        revision: '3',
        operation: 'create',
        generation: 1,
        timestamp: '2025-03-01T10:03:00.000Z',
        source: { file: bookinfoVirtualServices, document: 1 },
      }),
      expect.objectContaining({
        revision: '4',
        operation: 'update',
        generation: 2,
        source: { file: 'reviews.yaml', document: 0 },
      }),
    ]);
    expect(store.sourceAt(reviews, '4')).toEqual({
      file: 'reviews.yaml',
      text: reviewsTo('v2'),
      document: 0,
    });
    expect(store.sourceAt(reviews, '3')).toMatchObject({ file: bookinfoVirtualServices, document: 1 });
    expect(store.get(reviews)).toMatchObject({
      creationTimestamp: '2025-03-01T10:03:00Z',
      updateTimestamp: '2025-03-01T10:04:00Z',
    });
    expect(store.diff(reviews, '3', '4')).toBe(
      [
        '--- VirtualService default/reviews revision 3 (create)',
        '+++ VirtualService default/reviews revision 4 (update)',
        '@@ -10,4 +10,4 @@',
        '     - route:',
        '         - destination:',
        '             host: reviews',
        '-            subset: v1',
        '+            subset: v2',
        '',
      ].join('\n'),
    );

    const rolledBack = store.rollback(reviews, '3');
    expect(rolledBack).toMatchObject({ status: 'applied', revision: '5' });
    expect(rolledBack.objects[0]).toMatchObject({
      outcome: 'configured',
      resourceVersion: '5',
      generation: 3,
    });
    expect(store.get(reviews)?.manifest).toMatchObject({
      spec: { http: [{ route: [{ destination: { subset: 'v1' } }] }] },
    });
    expect(store.history(reviews).at(-1)).toMatchObject({
      revision: '5',
      operation: 'rollback',
      rollbackOf: '3',
    });
    expect(store.diff(reviews, '3', '5')).toBe('');
    expect(store.sourceAt(reviews, '5')).toBeUndefined();
    expect(store.manifestAt(reviews, '4')).toMatchObject({
      metadata: { resourceVersion: '4' },
      spec: { http: [{ route: [{ destination: { subset: 'v2' } }] }] },
    });

    expect(thrown(() => store.rollback(reviews, '2')).message).toBe(
      'virtualservices.networking.istio.io "reviews" revision 2 not found in namespace "default"',
    );
    expect(thrown(() => store.diff(reviews, 'latest', '3')).message).toBe(
      'revision "latest" of VirtualService default/reviews is not a revision number',
    );
    expect(
      thrown(() => store.history({ kind: 'VirtualServices', namespace: 'default', name: 'x' })).reason,
    ).toBe('input');
  });

  it('deletes without blocking, reports what the deletion leaves dangling, and keeps the history', () => {
    const store = openStore();
    bookinfo(store);
    const stale = thrown(() => store.delete(reviewsRules, { resourceVersion: '1' }));
    expect(stale.reason).toBe('conflict');

    const deleted = store.delete(reviewsRules, { resourceVersion: '2' });
    expect(deleted).toMatchObject({ status: 'applied', revision: '4' });
    expect(deleted.objects).toEqual([{ key: { ...reviewsRules }, outcome: 'deleted' }]);
    expect(deleted.related).toContainEqual(
      expect.objectContaining({
        code: 'KIA1107',
        message: 'Subset not found',
        object: expect.objectContaining({ name: 'reviews', kind: 'VirtualService' }) as unknown,
      }),
    );
    expect(store.get(reviewsRules)).toBeUndefined();
    expect(store.history(reviewsRules).map((r) => r.operation)).toEqual(['create', 'delete']);
    expect(store.diff(reviewsRules, '2', '4')).toMatch(
      /^--- DestinationRule default\/reviews revision 2 \(create\)\n\+\+\+ DestinationRule default\/reviews revision 4 \(delete\)\n@@ -1,\d+ \+0,0 @@\n-apiVersion: networking.istio.io\/v1\n/,
    );
    expect(thrown(() => store.delete(reviewsRules)).message).toBe(
      'destinationrules.networking.istio.io "reviews" not found in namespace "default"',
    );
    expect(thrown(() => store.rollback(reviewsRules, '4')).reason).toBe('input');

    const recreated = store.rollback(reviewsRules, '2');
    expect(recreated.objects[0]).toMatchObject({ outcome: 'created', generation: 1 });
    const uids = store.history(reviewsRules).map((r) => r.uid);
    expect(uids[2]).not.toBe(uids[0]);
  });

  it('checks a rollback like any change: one that would route to a deleted service is refused', () => {
    const store = openStore();
    bookinfo(store);
    store.applyText(reviewsTo('v2'), 'reviews.yaml');
    const removed = store.delete({ kind: 'Service', namespace: 'default', name: 'reviews' });
    expect(removed.related.map((f) => [f.code, f.object?.kind, f.severity])).toContainEqual([
      'KIA1101',
      'VirtualService',
      'error',
    ]);
    const refused = store.rollback(reviews, '3');
    expect(refused.status).toBe('refused');
    expect(refused.findings).toContainEqual(
      expect.objectContaining({ code: 'KIA1101', path: 'spec/http[0]/route[0]/destination/host' }),
    );
    expect(store.get(reviews)?.resourceVersion).toBe('4');
  });

  it('finds everything again after a restart, and still refuses stale versions', () => {
    const first = openStore();
    bookinfo(first);
    const listed = first.list();
    first.close();

    const second = openStore();
    expect(second.revision()).toBe('3');
    expect(second.list()).toEqual(listed);
    expect(second.history(reviews)).toHaveLength(1);
    const snapshot = second.snapshot();
    expect(snapshot.revision).toBe('3');
    expect(snapshot.resources.map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual([
      'DestinationRule/details',
      'DestinationRule/productpage',
      'DestinationRule/ratings',
      'DestinationRule/reviews',
      'VirtualService/details',
      'VirtualService/productpage',
      'VirtualService/ratings',
      'VirtualService/reviews',
    ]);
    expect(snapshot.registry.services.map((s) => s.name).sort()).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    expect(
      snapshot.registry.workloads.filter((w) => w.labels.app === 'reviews').map((w) => w.labels.version),
    ).toEqual(['v1', 'v2', 'v3']);
    expect(thrown(() => second.applyText(reviewsTo('v2', '2'), 'reviews.yaml')).reason).toBe('conflict');
  });

  it('lets two stores on one file write in turn: the later writer with a stale version conflicts', () => {
    const a = openStore();
    const b = openStore();
    bookinfo(a);
    const seen = b.get(reviews)?.resourceVersion;
    expect(seen).toBe('3');
    expect(a.applyText(reviewsTo('v2', seen), 'reviews.yaml').revision).toBe('4');
    expect(thrown(() => b.applyText(reviewsTo('v3', seen), 'reviews.yaml')).reason).toBe('conflict');
    expect(b.applyText(reviewsTo('v3', '4'), 'reviews.yaml').revision).toBe('5');
    expect(a.get(reviews)?.manifest).toMatchObject({
      spec: { http: [{ route: [{ destination: { subset: 'v3' } }] }] },
    });

    // Each store checks against the mesh as the other left it.
    a.delete({ kind: 'Service', namespace: 'default', name: 'reviews' });
    expect(b.applyText(reviewsTo('v1'), 'reviews.yaml').status).toBe('refused');
    expect(b.snapshot().registry.services.map((s) => s.name)).not.toContain('reviews');
  });

  it('tells listeners about committed changes only', () => {
    const failures: unknown[] = [];
    const store = openStore({ onListenerError: (error) => failures.push(error) });
    const events: ChangeEvent[] = [];
    store.onChange(() => {
      throw new Error('listener bug');
    });
    const stop = store.onChange((event) => events.push(event));
    bookinfo(store);
    store.applyText(reviewsTo('nope').replace('host: reviews', 'host: reviewz'), 'bad.yaml');
    store.applyText(reviewsTo('v2'), 'reviews.yaml', { dryRun: true });
    const { file, text } = istioSample(bookinfoVirtualServices);
    store.applyText(text, file);
    store.delete(reviews);
    stop();
    store.applyText(reviewsTo('v1'), 'reviews.yaml');

    expect(events.map((e) => e.revision)).toEqual(['1', '2', '3', '4']);
    expect(events[3]?.objects).toEqual([{ key: reviews, outcome: 'deleted' }]);
    expect(events[2]?.objects.map((o) => o.key.name)).toEqual([
      'productpage',
      'reviews',
      'ratings',
      'details',
    ]);
    expect(failures).toHaveLength(5);
  });

  it('refuses a database written by a newer Meshlens, and use after close', () => {
    const store = openStore();
    const file = store.file;
    store.close();
    expect(thrown(() => store.list()).message).toBe(`the config store ${file} is closed`);
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    const newer = thrown(() => ConfigStore.open(dir.path));
    expect(newer.reason).toBe('unavailable');
    expect(newer.message).toBe(
      `the config database ${file} has schema version 99; this Meshlens reads up to version 1 (upgrade Meshlens to open it)`,
    );
  });
});
