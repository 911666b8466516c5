/**
 * A data directory the store cannot write: read-only (before or after the store opened it) or
 * full. Each gives one clear error naming the database and the problem, and writes nothing: the
 * store read again afterwards holds exactly what it held before.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from './config-store.ts';
import { ConfigStoreError } from './errors.ts';
import { bookinfoPlatform, istioSample, tempDir } from './test-support.ts';
import type { TempDir } from './test-support.ts';

const reviewsVs = (version: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews, subset: ${version}}}]
`;

/**
 * Makes `paths` unwritable the way this machine allows: the immutable attribute for root (who
 * ignores permission bits), permission bits for anyone else. Returns how to undo it.
 */
function makeReadOnly(paths: readonly string[]): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', ...paths]);
    return () => {
      execFileSync('chattr', ['-i', ...paths]);
    };
  }
  for (const p of paths) chmodSync(p, 0o555);
  return () => {
    for (const p of paths) chmodSync(p, 0o755);
  };
}

function thrown(run: () => unknown): ConfigStoreError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigStoreError) return e;
    throw e;
  }
  throw new Error('expected a ConfigStoreError');
}

describe('a data directory the config store cannot write', () => {
  let dir: TempDir;
  let undo: (() => void) | undefined;
  afterEach(() => {
    undo?.();
    undo = undefined;
    dir.remove();
  });

  it('refuses to open a read-only data directory with an error naming it', () => {
    dir = tempDir();
    undo = makeReadOnly([dir.path]);
    const error = thrown(() => ConfigStore.open(dir.path));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toContain(join(dir.path, 'config.db'));
    expect(error.message).toContain('read-only or not writable');
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('refuses a change once its directory turned read-only, and keeps what it held', () => {
    dir = tempDir();
    const store = ConfigStore.open(dir.path);
    const platform = istioSample(bookinfoPlatform);
    store.applyText(platform.text, platform.file);
    store.applyText(reviewsVs('v1'), 'reviews.yaml');
    const before = { revision: store.revision(), objects: store.list().map((o) => o.resourceVersion) };
    // The database and its WAL: the shared-memory index stays mapped (a file made immutable under
    // a live mapping faults the process, which no real read-only remount allows to happen).
    const files = readdirSync(dir.path).filter((f) => !f.endsWith('-shm'));
    undo = makeReadOnly([dir.path, ...files.map((f) => join(dir.path, f))]);
    const error = thrown(() => store.applyText(reviewsVs('v2'), 'reviews.yaml'));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toMatch(/read-only or not writable|disk is full/);
    store.close();
    undo();
    undo = undefined;
    const reopened = ConfigStore.open(dir.path);
    expect(reopened.revision()).toBe(before.revision);
    expect(reopened.list().map((o) => o.resourceVersion)).toEqual(before.objects);
    const reviews = reopened.list({ kind: 'VirtualService' })[0]?.manifest;
    expect(JSON.stringify(reviews)).toContain('"subset":"v1"');
    reopened.close();
  });

  it('refuses a change that does not fit on a full disk, writing none of it', () => {
    dir = tempDir();
    const store = ConfigStore.open(dir.path);
    store.applyText(reviewsVs('v1'), 'reviews.yaml');
    const before = store.revision();
    // SQLite's page limit ends a write with the very error a full disk gives (SQLITE_FULL).
    const db = Reflect.get(store, 'db') as Database.Database;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = istioSample(bookinfoPlatform);
    const padding = `# ${'x'.repeat(200_000)}\n`;
    const error = thrown(() => store.applyText(padding + big.text, big.file));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toContain('disk is full');
    expect(store.revision()).toBe(before);
    expect(store.list().map((o) => o.key.kind)).toEqual(['VirtualService']);
    store.close();
  });
});
