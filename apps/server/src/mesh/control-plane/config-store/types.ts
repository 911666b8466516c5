/** The config store's public data types. */
import type { Finding, MeshOptions, MeshSnapshot } from '@meshlens/mesh-core/validation';
import type { ObjectKey } from './object-key.ts';
import type { HistoryOperation } from './tables.ts';

export interface ConfigStoreOptions {
  /** MeshConfig settings the checks depend on (root namespace, auto mTLS, …). */
  readonly mesh?: Partial<MeshOptions>;
  /** The clock for timestamps. */
  readonly now?: () => Date;
  /** Where an exception thrown by a change listener goes; by default it is rethrown, uncaught. */
  readonly onListenerError?: (error: unknown) => void;
}

/** An object named by the caller: the kind is checked before use. */
export interface ObjectName {
  readonly kind: string;
  /** Ignored for cluster-scoped kinds (Namespace). */
  readonly namespace: string;
  readonly name: string;
}

export interface ApplyOptions {
  /** Check the change and report what it would do, changing nothing. */
  readonly dryRun?: boolean;
  /**
   * The resourceVersion each object must have for the change to proceed, by `Kind/namespace/name`
   * (`null`: the object must not exist yet). Takes precedence over `metadata.resourceVersion`.
   */
  readonly expectVersions?: Readonly<Record<string, string | null>>;
}

export interface ApplyTextOptions extends ApplyOptions {
  /** Namespace of documents that name none (`kubectl apply -n`); `default` otherwise. */
  readonly namespace?: string;
}

export interface DeleteOptions {
  /** Delete only if the object is still at this resourceVersion. */
  readonly resourceVersion?: string;
  readonly dryRun?: boolean;
}

export type RollbackOptions = DeleteOptions;

/** What happened to one object, in kubectl's words. */
export const objectOutcomes = ['created', 'configured', 'unchanged', 'deleted'] as const;
export type ObjectOutcome = (typeof objectOutcomes)[number];

export interface ObjectResult {
  readonly key: ObjectKey;
  readonly outcome: ObjectOutcome;
  /** The object's resourceVersion after the change (absent on a dry run and for deletions). */
  readonly resourceVersion?: string;
  readonly generation?: number;
}

export const applyStatuses = ['applied', 'unchanged', 'refused'] as const;
export type ApplyStatus = (typeof applyStatuses)[number];

export interface ApplyResult {
  /** `refused`: an error finding on the input or on an object of the change; nothing changed. */
  readonly status: ApplyStatus;
  readonly dryRun: boolean;
  /** The store's revision after the change (the current one if nothing was written). */
  readonly revision: string;
  /** The objects of the change; empty when it is refused. */
  readonly objects: readonly ObjectResult[];
  /** Findings on the input and on the objects it names. Any error among them refuses the change. */
  readonly findings: readonly Finding[];
  /** Findings the change newly raises on objects it leaves alone: reported, never blocking. */
  readonly related: readonly Finding[];
  /** Documents of kinds the store does not keep (ConfigMap, …), passed over as istioctl does. */
  readonly skipped: number;
}

/** A stored object as Kubernetes returns one: the applied manifest with server-owned metadata. */
export interface StoredObject {
  readonly key: ObjectKey;
  readonly apiVersion: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly generation: number;
  readonly creationTimestamp: string;
  readonly updateTimestamp: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

export interface Revision {
  /** The store revision that wrote it: the object's resourceVersion from then on. */
  readonly revision: string;
  readonly operation: HistoryOperation;
  readonly timestamp: string;
  readonly generation: number;
  readonly uid: string;
  readonly apiVersion: string;
  /** For a rollback: the revision whose content it restored. */
  readonly rollbackOf?: string;
  /** The file it was applied from, and the index of its document there. */
  readonly source?: { readonly file: string; readonly document?: number };
}

export interface AppliedSource {
  readonly file: string;
  /** The whole text applied in that change. */
  readonly text: string;
  /** The 0-based index of the object's YAML document in `text`. */
  readonly document: number;
}

export interface ListFilter {
  readonly kind?: string;
  readonly namespace?: string;
}

/** The whole mesh at one store revision, for the control plane to compile proxy config from. */
export interface StoreSnapshot extends MeshSnapshot {
  readonly revision: string;
}

export interface ChangeEvent {
  /** The store revision the change created. */
  readonly revision: string;
  readonly objects: readonly ObjectResult[];
}

export type ChangeListener = (event: ChangeEvent) => void;
