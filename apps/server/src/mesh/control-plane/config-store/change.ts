/**
 * One change to the store, run inside the caller's transaction: preconditions first
 * (resourceVersions, as the API server checks them before anything else), then the check of
 * the whole mesh after the change, then the writes: the objects, one history row per object,
 * and one change row whose number is the new store revision. A refused change returns before
 * anything is written.
 *
 * Which findings refuse a change: errors on the input itself (unreadable YAML, a bad name) and
 * errors on an object the change writes. Findings the change raises on objects it leaves alone
 * never refuse it, and a deletion is never refused: Istio does not block deletes, and the
 * objects it leaves dangling are reported in `related`.
 */
import type { Finding } from '@meshlens/mesh-core/validation';
import type { ChangeItem } from './admission.ts';
import { ConfigStoreError, modifiedConflict, notFound, qualifiedResource } from './errors.ts';
import { canonicalJson, generationDigest, keyString } from './object-key.ts';
import type { ObjectKey } from './object-key.ts';
import { MeshState } from './mesh-state.ts';
import type { CheckedObjects } from './mesh-state.ts';
import type { ChangeOperation, ObjectRow, StoreTables } from './tables.ts';
import type { ApplyResult, ObjectResult } from './types.ts';

export interface ChangePlan {
  readonly operation: ChangeOperation;
  readonly puts: readonly ChangeItem[];
  readonly deletes: readonly { readonly key: ObjectKey; readonly resourceVersion?: string }[];
  /** Findings on the input as a whole (parsing, names). */
  readonly inputFindings: readonly Finding[];
  readonly expectVersions?: Readonly<Record<string, string | null>>;
  readonly source?: { readonly file: string; readonly text?: string };
  readonly rollbackOf?: number;
  readonly dryRun: boolean;
  readonly skipped: number;
}

export interface ChangeContext {
  readonly tables: StoreTables;
  readonly state: MeshState;
  readonly checked: CheckedObjects;
  readonly now: Date;
  readonly newUid: () => string;
}

export interface ChangeOutcome {
  readonly result: ApplyResult;
  /** The state after the change, when it was written. */
  readonly state?: MeshState;
}

function objectId(f: Finding): string | undefined {
  return f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : undefined;
}

function checkPreconditions(plan: ChangePlan, rows: ReadonlyMap<string, ObjectRow>): void {
  const conflicts: ConfigStoreError[] = [];
  for (const put of plan.puts) {
    const id = keyString(put.key);
    const expected = plan.expectVersions?.[id] !== undefined ? plan.expectVersions[id] : put.resourceVersion;
    const current = rows.get(id);
    if (expected === null && current) {
      conflicts.push(
        new ConfigStoreError(
          'conflict',
          `${qualifiedResource(put.key.kind)} "${put.key.name}" already exists`,
          [put.key],
        ),
      );
    } else if (typeof expected === 'string' && String(current?.resourceVersion) !== expected) {
      conflicts.push(modifiedConflict(put.key));
    }
  }
  for (const del of plan.deletes) {
    const current = rows.get(keyString(del.key));
    if (!current) throw notFound(del.key);
    if (del.resourceVersion !== undefined && String(current.resourceVersion) !== del.resourceVersion) {
      conflicts.push(modifiedConflict(del.key));
    }
  }
  const [first, ...rest] = conflicts;
  if (!first) return;
  const more =
    rest.length > 0 ? ` (and ${rest.length} more object${rest.length > 1 ? 's' : ''} of this change)` : '';
  throw new ConfigStoreError(
    'conflict',
    first.message + more,
    conflicts.flatMap((c) => c.objects),
  );
}

export function runChange(ctx: ChangeContext, plan: ChangePlan): ChangeOutcome {
  const { state } = ctx;
  const base = { dryRun: plan.dryRun, skipped: plan.skipped, revision: String(state.revision) };
  // Input that cannot be stored (unreadable YAML, a bad name) is refused whatever the versions.
  const inputRefused = plan.inputFindings.some((f) => f.severity === 'error');
  if (!inputRefused) checkPreconditions(plan, state.rows);

  const changed = plan.puts.filter((put) => {
    const current = state.rows.get(keyString(put.key));
    return (
      !current ||
      current.apiVersion !== put.resource.apiVersion ||
      canonicalJson(current.document) !== canonicalJson(put.document)
    );
  });
  const named = new Set([
    ...plan.puts.map((p) => keyString(p.key)),
    ...plan.deletes.map((d) => keyString(d.key)),
  ]);
  const written = new Set([
    ...changed.map((p) => keyString(p.key)),
    ...plan.deletes.map((d) => keyString(d.key)),
  ]);
  const evaluation =
    written.size > 0
      ? state.evaluate(
          changed,
          plan.deletes.map((d) => d.key),
          named,
        )
      : undefined;
  const findings = [
    ...plan.inputFindings,
    ...(evaluation?.findings ?? state.mesh().findings.filter((f) => named.has(objectId(f) ?? ''))),
  ];
  const related = evaluation?.related ?? [];
  const blocks = (f: Finding): boolean => {
    const id = objectId(f);
    return f.severity === 'error' && (id === undefined || written.has(id));
  };
  if (inputRefused || findings.some(blocks)) {
    return { result: { ...base, status: 'refused', objects: [], findings, related } };
  }
  const unchanged = (put: ChangeItem): ObjectResult => {
    const row = state.rows.get(keyString(put.key));
    return {
      key: put.key,
      outcome: 'unchanged',
      resourceVersion: String(row?.resourceVersion),
      generation: row?.generation ?? 0,
    };
  };
  if (!evaluation) {
    return { result: { ...base, status: 'unchanged', objects: plan.puts.map(unchanged), findings, related } };
  }

  const revision = state.revision + 1;
  const timestamp = ctx.now.toISOString();
  const objectTime = timestamp.replace(/\.\d+Z$/, 'Z');
  const rows = new Map(state.rows);
  const objects: ObjectResult[] = [];
  if (!plan.dryRun) {
    const { file, text } = plan.source ?? {};
    ctx.tables.insertChange({
      revision,
      operation: plan.operation,
      ...(file !== undefined ? { file } : {}),
      ...(text !== undefined ? { source: text } : {}),
      createdAt: timestamp,
    });
  }
  for (const put of plan.puts) {
    const id = keyString(put.key);
    const current = state.rows.get(id);
    if (!written.has(id)) {
      objects.push(unchanged(put));
      continue;
    }
    const generation = !current
      ? 1
      : current.generation + (generationDigest(current.document) === generationDigest(put.document) ? 0 : 1);
    const row: ObjectRow = {
      key: put.key,
      apiVersion: put.resource.apiVersion,
      uid: current?.uid ?? ctx.newUid(),
      resourceVersion: revision,
      generation,
      createdAt: current?.createdAt ?? objectTime,
      updatedAt: objectTime,
      document: put.document,
    };
    rows.set(id, row);
    objects.push({
      key: put.key,
      outcome: current ? 'configured' : 'created',
      ...(plan.dryRun ? {} : { resourceVersion: String(revision) }),
      generation,
    });
    if (plan.dryRun) continue;
    ctx.tables.upsertObject(row);
    ctx.tables.insertHistory({
      key: put.key,
      revision,
      operation: plan.operation === 'rollback' ? 'rollback' : current ? 'update' : 'create',
      apiVersion: row.apiVersion,
      uid: row.uid,
      generation,
      document: put.document,
      ...(put.resource.source && plan.source?.text !== undefined
        ? { documentIndex: put.resource.source.document }
        : {}),
      ...(plan.rollbackOf !== undefined ? { rollbackOf: plan.rollbackOf } : {}),
    });
  }
  for (const { key } of plan.deletes) {
    const current = state.rows.get(keyString(key));
    rows.delete(keyString(key));
    objects.push({ key, outcome: 'deleted' });
    if (plan.dryRun || !current) continue;
    ctx.tables.deleteObject(key);
    ctx.tables.insertHistory({
      key,
      revision,
      operation: 'delete',
      apiVersion: current.apiVersion,
      uid: current.uid,
      generation: current.generation,
    });
  }
  const result: ApplyResult = {
    ...base,
    status: 'applied',
    revision: plan.dryRun ? base.revision : String(revision),
    objects,
    findings,
    related,
  };
  if (plan.dryRun) return { result };
  const next = new MeshState({
    revision,
    rows: [...rows.values()],
    checked: ctx.checked,
    built: evaluation.after,
    ...(state.meshOptions ? { mesh: state.meshOptions } : {}),
  });
  return { result, state: next };
}
