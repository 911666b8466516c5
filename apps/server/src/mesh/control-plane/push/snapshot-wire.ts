/**
 * Snapshots as the push stream carries them: JSON with each listener, route table and cluster on a
 * line of its own (`snapshotJson`, the layout a sidecar's `SnapshotParser` reads without parsing
 * the lines it already has), and a revision hashed from that content.
 *
 * A push writes every connected proxy's snapshot, and most of their pieces are the same: proxies of
 * one namespace see the same services, so the same outbound clusters and route tables, and the
 * compiler hands them all the same (frozen) objects. The writer serializes and hashes a piece once
 * per object, so a proxy costs what its own pieces cost. The revision is a hash of the snapshot's
 * head (version and proxy identity) and of its pieces' hashes, in order: equal content, equal
 * revision, so the control plane sends a proxy only what changed for it.
 */
import { snapshotJson } from '@meshlens/mesh-core/routing';
import type { Cluster, Listener, ProxySnapshot, RouteTable } from '@meshlens/mesh-core/routing';
import { DATA_LINE_BREAK, snapshotEvent, snapshotEventOf } from './protocol.ts';

/** A proxy's snapshot ready to send. */
export interface WireSnapshot {
  readonly revision: string;
  /** The `snapshot` event carrying it: its JSON, pieces one per line, each line a `data:` line. */
  readonly event: string;
}

/** The wire form of a snapshot built elsewhere (tests, other compilers): its own revision. */
export function wireSnapshot(snapshot: ProxySnapshot): WireSnapshot {
  return { revision: snapshot.revision, event: snapshotEvent(snapshot.revision, snapshotJson(snapshot)) };
}

type Piece = Listener | RouteTable | Cluster;

/**
 * FNV-1a in two 32-bit lanes from different bases, in one pass: 64 bits, so a change going
 * unnoticed through a collision is out of practical reach.
 */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

interface Written {
  readonly json: string;
  readonly hash: string;
}

export class SnapshotWriter {
  /** Pieces are frozen, so their JSON and hash hold as long as they do. */
  readonly #written = new WeakMap<Piece, Written>();

  /** `body` (frozen, its pieces shared where possible) with its revision, and its wire form. */
  write(body: Omit<ProxySnapshot, 'revision'>): { snapshot: ProxySnapshot; wire: WireSnapshot } {
    const written = (piece: Piece): Written => {
      let known = this.#written.get(piece);
      if (known === undefined) {
        const json = JSON.stringify(piece);
        known = { json, hash: hash64(json) };
        this.#written.set(piece, known);
      }
      return known;
    };
    const pieceJson = (piece: Piece): string => written(piece).json;
    const hashes = [...body.listeners, ...body.routeTables, ...body.clusters].map(
      (piece) => written(piece).hash,
    );
    const head = JSON.stringify({ version: body.version, proxy: body.proxy });
    const revision = hash64(`${head}\n${hashes.join(',')}`);
    const snapshot: ProxySnapshot = Object.freeze({ ...body, revision });
    // The event's data lines joined straight from the cached pieces: no copy to split again.
    const data = snapshotJson(snapshot, { pieceJson, lineBreak: DATA_LINE_BREAK });
    return { snapshot, wire: { revision, event: snapshotEventOf(revision, data) } };
  }
}
