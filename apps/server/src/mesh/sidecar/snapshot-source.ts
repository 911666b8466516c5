/**
 * Where a sidecar's snapshot comes from: a JSON file, re-read when it changes, or the control
 * plane's push (`control-plane-source.ts`); both feed one `SnapshotHolder`. A snapshot that does
 * not parse or does not conform is refused whole and the proxy keeps serving its last good one,
 * recording why (Envoy's NACK). Pushed snapshots are checked piece by piece (`SnapshotParser`):
 * the pieces a push did not change are not checked again, and `activate` reuses what it built from
 * them.
 */
import { readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { SnapshotParser } from '@meshlens/mesh-core/routing';
import type { SnapshotCheck } from '@meshlens/mesh-core/routing';
import { activate } from './active-config.ts';
import type { ActiveConfig } from './active-config.ts';
import type { Logger } from './logger.ts';
import type { ResilienceRegistry } from './resilience/registry.ts';

export interface SnapshotStatus {
  readonly source: string;
  /** The revision last refused and why, until a later one is accepted. */
  readonly rejected: { readonly at: number; readonly error: string } | undefined;
}

/** An installed snapshot, or why it was refused (and its revision, when it has one, for the NACK). */
export type Offered =
  | { readonly ok: true; readonly config: ActiveConfig }
  | { readonly ok: false; readonly error: string; readonly revision: string | undefined };

export class SnapshotHolder {
  #current: ActiveConfig | undefined;
  #rejected: SnapshotStatus['rejected'];
  readonly #parser = new SnapshotParser();
  readonly #listeners: Array<(config: ActiveConfig) => void> = [];

  /** `resilience`: the runtime's state that outlives snapshots, synced by each activation. */
  constructor(
    readonly source: string,
    private readonly resilience: ResilienceRegistry,
  ) {}

  get current(): ActiveConfig | undefined {
    return this.#current;
  }

  get status(): SnapshotStatus {
    return { source: this.source, rejected: this.#rejected };
  }

  onSwap(listener: (config: ActiveConfig) => void): void {
    this.#listeners.push(listener);
  }

  /** Validates and installs a snapshot; returns the error when it is refused. */
  offer(input: unknown): Offered {
    return this.#install(this.#parser.parse(input));
  }

  /** `offer` for a snapshot as JSON text (a push): the pieces the last one had are not checked again. */
  offerJson(text: string): Offered {
    return this.#install(this.#parser.parseJson(text));
  }

  #install(parsed: SnapshotCheck): Offered {
    if (!parsed.ok) {
      this.#rejected = { at: Date.now(), error: parsed.error };
      return parsed;
    }
    const config = activate(parsed.snapshot, this.resilience, { previous: this.#current });
    this.#current = config;
    this.#rejected = undefined;
    for (const l of this.#listeners) l(config);
    return { ok: true, config };
  }
}

function readJson(file: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: `${file} is not JSON: ${(e as Error).message}` };
  }
}

/** Loads `file` into `holder`; refuses with a message naming the file and the invalid fields. */
export function loadSnapshotFile(
  holder: SnapshotHolder,
  file: string,
): { ok: true } | { ok: false; error: string } {
  const json = readJson(file);
  if (!json.ok) return json;
  const result = holder.offer(json.value);
  return result.ok ? { ok: true } : { ok: false, error: `${file}: invalid snapshot:\n${result.error}` };
}

/**
 * Re-reads `file` when it changes. Editors and the platform replace the file by rename, which
 * ends a watch on the old inode, so the directory is watched and events filtered by name.
 */
export function watchSnapshotFile(holder: SnapshotHolder, file: string, log: Logger): FSWatcher {
  const slash = file.lastIndexOf('/');
  const dir = slash < 0 ? '.' : file.slice(0, slash) || '/';
  const base = file.slice(slash + 1);
  let pending: NodeJS.Timeout | undefined;
  const watcher = watch(dir, (_event, name) => {
    if (name !== base) return;
    clearTimeout(pending);
    // Writes come in bursts; read once they settle.
    pending = setTimeout(() => {
      const before = holder.current?.snapshot.revision;
      const result = loadSnapshotFile(holder, file);
      if (!result.ok)
        log.warn('config', `snapshot refused, keeping revision ${before ?? 'none'}: ${result.error}`);
      else if (holder.current?.snapshot.revision !== before)
        log.info('config', `snapshot revision ${holder.current?.snapshot.revision ?? ''} installed`);
    }, 20);
  });
  watcher.unref();
  return watcher;
}
