/**
 * `meshlens discovery`: the control plane as its own process, as istiod runs apart from the nodes
 * running pods. It reads the mesh from the config store (SQLite, written by the server process)
 * and where replicas run from the platform (`GET <platform>/v1/platform/placement`), compiles
 * each proxy's snapshot and pushes it. It keeps no state of its own: killed (even with SIGKILL),
 * the proxies keep serving their last snapshot and reconnect with back-off; restarted, it reads
 * everything again and every proxy resyncs.
 *
 * `POST /v1/mesh-changed` tells it the store or the placement changed: it re-reads the placement
 * and re-pushes what changed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlacementTable, parsePlacement } from '../platform/placement.ts';
import type { AddressPlan, Placement, PlatformView } from '../platform/placement.ts';
import { ConfigStore } from './config-store/index.ts';
import { startControlPlane } from './control-plane.ts';
import type { RunningControlPlane } from './control-plane.ts';

export const MESH_CHANGED_PATH = '/v1/mesh-changed';
export const PLACEMENT_PATH = '/v1/platform/placement';

export interface DiscoveryOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The server whose platform places replicas (`http://host:port`). */
  readonly platformUrl: string;
  readonly log?: (line: string) => void;
}

export interface RunningDiscovery {
  readonly url: string;
  close(): Promise<void>;
}

/** A PlatformView whose table is replaced each time the placement is read again. */
class LivePlacement implements PlatformView {
  table = new PlacementTable([]);

  byPod(namespace: string, pod: string): Placement | undefined {
    return this.table.byPod(namespace, pod);
  }

  addressPlan(self: Placement | undefined): AddressPlan {
    return this.table.addressPlan(self);
  }
}

export async function startDiscovery(options: DiscoveryOptions): Promise<RunningDiscovery> {
  const log = options.log ?? (() => undefined);
  const store = ConfigStore.open(options.dataDir);
  const placement = new LivePlacement();
  const url = `${options.platformUrl}${PLACEMENT_PATH}`;
  const refresh = async (): Promise<void> => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    placement.table = new PlacementTable(parsePlacement(await res.json()));
  };
  // The proxies reconnect at once; serve them only once the placement is known.
  for (let attempt = 0; ; attempt++) {
    try {
      await refresh();
      break;
    } catch (e) {
      if (attempt >= 50) {
        store.close();
        throw new Error(`cannot read the placement: ${(e as Error).message}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const cp: { current?: RunningControlPlane } = {};
  const changed = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url !== MESH_CHANGED_PATH || req.method !== 'POST') return false;
    req.resume();
    refresh().then(
      () => {
        cp.current?.push.meshChanged();
        res.writeHead(204);
        res.end();
      },
      (e: unknown) => {
        log(`discovery: ${(e as Error).message}`);
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`${(e as Error).message}\n`);
      },
    );
    return true;
  };
  try {
    cp.current = await startControlPlane({
      store,
      platform: placement,
      host: options.host,
      port: options.port,
      extraRoutes: [changed],
      log,
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const running = cp.current;
  log(`discovery serving ${placement.table.size} placed replicas at ${running.url}`);
  return {
    url: running.url,
    close: async () => {
      await running.close();
      store.close();
    },
  };
}
