/**
 * WAL checkpoints on a worker thread. SQLite checkpoints automatically inside the COMMIT of the
 * write that takes the WAL past 1,000 pages: on the event loop, it copies those pages into the
 * database file and waits for two fsyncs, which on a busy disk takes longer than the write itself.
 *
 * Here the store's own connection checkpoints only once the WAL reaches `FALLBACK_PAGES`. After
 * each write the store calls `wrote()`, and a worker thread with its own connection runs a PASSIVE
 * checkpoint (never blocking the writer or readers; notes arriving meanwhile are coalesced into
 * the next one). The copy and the fsyncs then overlap the next request instead of stalling it, and
 * once a checkpoint has caught up the next write starts the WAL over. Should the worker fall behind
 * or stop, the fallback keeps the WAL bounded exactly as SQLite's own checkpoint would.
 *
 * Durability is SQLite's `synchronous = NORMAL` in WAL mode either way: a commit is in the WAL
 * before the exporter gets its answer; which connection copies it into the database afterwards
 * does not change what a crash can lose.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TraceDatabase } from './store-schema.ts';

/** 64 MiB of 4 KiB pages; also the size the WAL file is truncated back to after a checkpoint. */
const FALLBACK_PAGES = 16_384;
const SQLITE_DEFAULT_PAGES = 1_000;

/** The worker, in plain JavaScript so that it loads without the TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
let scheduled = false;
parentPort.on('message', (message) => {
  if (message === 'close') {
    try { db.close(); } catch {}
    parentPort.close();
    return;
  }
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  });
});
`;

export interface Checkpointer {
  /** The store committed a write. */
  wrote(): void;
  close(): void;
}

const NONE: Checkpointer = { wrote: () => undefined, close: () => undefined };

/** Starts checkpointing `db` (a file in WAL mode) from a worker; a no-op for `:memory:`. */
export function startCheckpointer(db: TraceDatabase): Checkpointer {
  if (db.memory) return NONE;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: db.name, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  let alive = true;
  const fallBack = (): void => {
    alive = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  // A worker that cannot open the file or dies leaves checkpoints to the store's connection.
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  db.pragma(`journal_size_limit = ${FALLBACK_PAGES * 4096}`);
  return {
    wrote: () => {
      if (alive) worker.postMessage('wrote');
    },
    close: () => {
      if (!alive) return;
      alive = false;
      worker.postMessage('close');
    },
  };
}
