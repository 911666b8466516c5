/**
 * Where a sidecar's snapshot comes from. For now a JSON file, re-read when it changes (the control
 * plane's push comes with its own issue and feeds the same `SnapshotHolder`). A snapshot that does
 * not parse or does not conform is refused whole and the proxy keeps serving its last good one,
 * recording why (Envoy's NACK).
 */
import { readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { safeParseSnapshot } from '@meshlens/mesh-core/routing';
import { activate } from './active-config.ts';
import type { ActiveConfig } from './active-config.ts';
import type { Logger } from './logger.ts';
import type { ResilienceRegistry } from './resilience/registry.ts';

export interface SnapshotStatus {
  readonly source: string;
  /** The revision last refused and why, until a later one is accepted. */
  readonly rejected: { readonly at: number; readonly error: string } | undefined;
}

export class SnapshotHolder {
  #current: ActiveConfig | undefined;
  #rejected: SnapshotStatus['rejected'];
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
  offer(input: unknown): { ok: true; config: ActiveConfig } | { ok: false; error: string } {
    const parsed = safeParseSnapshot(input);
    if (!parsed.ok) {
      this.#rejected = { at: Date.now(), error: parsed.error };
      return parsed;
    }
    const config = activate(parsed.snapshot, this.resilience);
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
