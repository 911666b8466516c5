/** Helpers for the config store's tests: temporary data directories, Bookinfo, database dumps. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const repoRoot = new URL('../../../../../../', import.meta.url);

/** A file of Istio's vendored samples, e.g. `bookinfo/platform/bookinfo.yaml`. */
export function istioSample(path: string): { file: string; text: string } {
  return { file: path, text: readFileSync(new URL(`third_party/istio/${path}`, repoRoot), 'utf8') };
}

export const bookinfoPlatform = 'bookinfo/platform/bookinfo.yaml';
export const bookinfoDestinationRules = 'bookinfo/networking/destination-rule-all.yaml';
export const bookinfoVirtualServices = 'bookinfo/networking/virtual-service-all-v1.yaml';

export interface TempDir {
  readonly path: string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'meshlens-config-store-'));
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Every row of every table of a database file, read through a connection of its own. */
export function dumpDatabase(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = db.prepare(`SELECT * FROM "${name}"`).columns();
        const order = columns.map((_column, i) => i + 1).join(', ');
        return [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all()];
      }),
    );
  } finally {
    db.close();
  }
}
