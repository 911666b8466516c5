/**
 * The config push protocol between the control plane and its proxies, over plain HTTP so that a
 * sidecar anywhere that reaches the control plane can use it (Istio's xDS runs over gRPC; the
 * shape here is the same: a stream of versioned snapshots down, ACK/NACK up).
 *
 * - `GET /v1/discovery?node=<id>&kind=<sidecar|gateway>&namespace=<ns>&workload=<name>` opens a
 *   `text/event-stream`. The control plane sends the proxy's current snapshot at once and a new
 *   one whenever its compiled revision changes: `event: snapshot`, `id: <revision>`,
 *   `data: <snapshot v1 JSON>`. Comment lines keep the connection alive. The JSON has each
 *   listener, route table and cluster on a line of its own (one `data:` line each, which the
 *   event joins with line breaks): still one JSON document, and a proxy holding the previous
 *   snapshot parses and checks only the lines that changed (`SnapshotParser`).
 * - `POST /v1/discovery/ack` with `{ node, revision, error? }`: the revision installed (ACK), or
 *   the one refused and why (NACK).
 * - `GET /v1/proxy-status`: every proxy known, with the revision last sent and acknowledged.
 */
import { z } from 'zod';

export const DISCOVERY_PATH = '/v1/discovery';
export const ACK_PATH = '/v1/discovery/ack';
export const PROXY_STATUS_PATH = '/v1/proxy-status';

export const proxyKinds = ['sidecar', 'gateway'] as const;

export const bootstrapSchema = z.object({
  node: z.string().min(1),
  kind: z.enum(proxyKinds),
  namespace: z.string().min(1),
  workload: z.string().min(1),
});
export type Bootstrap = z.infer<typeof bootstrapSchema>;

export const ackSchema = z.object({
  node: z.string().min(1),
  revision: z.string(),
  error: z.string().optional(),
});
export type Ack = z.infer<typeof ackSchema>;

/** Istio's `proxy-status` words: SYNCED, STALE (sent, not acknowledged), NOT SENT. */
export const syncStates = ['Synced', 'Stale', 'Not sent'] as const;
export type SyncState = (typeof syncStates)[number];

export interface ProxyStatus {
  readonly node: string;
  readonly kind: Bootstrap['kind'];
  readonly namespace: string;
  readonly workload: string;
  readonly connected: boolean;
  readonly sent: string | undefined;
  readonly acked: string | undefined;
  readonly state: SyncState;
  /** The last NACK: the revision refused and the proxy's reason. */
  readonly rejected: { readonly revision: string; readonly error: string } | undefined;
}

/** What separates the lines of an event's data on the wire: each line is a `data:` line of its own. */
export const DATA_LINE_BREAK = '\ndata: ';

/** One `snapshot` event whose `data` has its line breaks written as `DATA_LINE_BREAK` already. */
export function snapshotEventOf(revision: string, data: string): string {
  return `event: snapshot\nid: ${revision}\ndata: ${data}\n\n`;
}

/** One `snapshot` event carrying `json`, each of its lines a `data:` line. */
export function snapshotEvent(revision: string, json: string): string {
  return snapshotEventOf(revision, json.replaceAll('\n', DATA_LINE_BREAK));
}
