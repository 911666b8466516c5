/** Finding one revision in an object's history, and the diff between two of them. */
import { ConfigStoreError, notFound } from './errors.ts';
import { describeKey } from './object-key.ts';
import type { ObjectKey } from './object-key.ts';
import { unifiedDiff } from './line-diff.ts';
import type { HistoryRow } from './tables.ts';
import { toYaml } from './yaml-text.ts';

export function findRevision(history: readonly HistoryRow[], key: ObjectKey, revision: string): HistoryRow {
  if (!/^[1-9]\d*$/.test(revision)) {
    throw new ConfigStoreError(
      'input',
      `revision ${JSON.stringify(revision)} of ${describeKey(key)} is not a revision number`,
      [key],
    );
  }
  const entry = history.find((h) => h.revision === Number(revision));
  if (!entry) throw notFound(key, ` revision ${revision}`);
  return entry;
}

/** A unified diff of the YAML of two revisions; a deletion's text is empty. */
export function diffRevisions(key: ObjectKey, from: HistoryRow, to: HistoryRow): string {
  const text = (entry: HistoryRow): string => (entry.document ? toYaml(entry.document) : '');
  const label = (entry: HistoryRow): string =>
    `${describeKey(key)} revision ${entry.revision} (${entry.operation})`;
  return unifiedDiff(text(from), text(to), { from: label(from), to: label(to) });
}
