/**
 * Where the platform placed each replica, as plain data: what the control plane needs to fill
 * snapshot endpoints (the `PlatformView`), whether it runs in the platform's process or in its
 * own (`meshlens discovery`), which reads the placement over HTTP and survives neither losing it
 * nor the platform restarting it.
 */
import { z } from 'zod';
import type { Endpoint } from '@meshlens/mesh-core/routing';

/** One replica as the control plane sees it. */
export interface Placement {
  readonly namespace: string;
  readonly workload: string;
  readonly replica: number;
  readonly pod: string;
  readonly kind: 'sidecar' | 'gateway';
  /** Container port → where the app listens for it. */
  readonly appPorts: ReadonlyMap<number, number>;
}

export interface AddressPlan {
  /** `host:port` of the sidecar inbound listener serving `e`, or null while not ready. */
  sidecarInbound(e: Endpoint): string | null;
  /** `host:port` the proxy's own app listens on for `e`'s port. */
  app(e: Endpoint): string | null;
}

export interface PlatformView {
  byPod(namespace: string, pod: string): Placement | undefined;
  /** Where traffic for an endpoint goes, seen from the proxy of `self`. */
  addressPlan(self: Placement | undefined): AddressPlan;
}

/** A replica on the wire: maps as `[containerPort, port]` pairs. */
export interface PlacementRecord {
  readonly namespace: string;
  readonly workload: string;
  readonly replica: number;
  readonly pod: string;
  readonly kind: 'sidecar' | 'gateway';
  /** Its sidecar and app (if any) run: an endpoint for traffic. */
  readonly ready: boolean;
  readonly inbound: ReadonlyArray<readonly [number, number]>;
  readonly appPorts: ReadonlyArray<readonly [number, number]>;
}

interface TableEntry extends Placement {
  readonly ready: boolean;
  readonly inbound: ReadonlyMap<number, number>;
}

/** A `PlatformView` over a placement read from the platform (`GET /v1/platform/placement`). */
export class PlacementTable implements PlatformView {
  readonly #byKey = new Map<string, TableEntry>();
  readonly #byPod = new Map<string, TableEntry>();

  constructor(records: readonly PlacementRecord[]) {
    for (const r of records) {
      const entry: TableEntry = { ...r, inbound: new Map(r.inbound), appPorts: new Map(r.appPorts) };
      this.#byKey.set(`${r.namespace}/${r.workload}/${r.replica}`, entry);
      this.#byPod.set(`${r.namespace}/${r.pod}`, entry);
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  byPod(namespace: string, pod: string): Placement | undefined {
    return this.#byPod.get(`${namespace}/${pod}`);
  }

  addressPlan(self: Placement | undefined): AddressPlan {
    return {
      sidecarInbound: (e) => {
        const target = this.#byKey.get(`${e.namespace}/${e.workload}/${e.replica}`);
        if (!target?.ready) return null;
        const port = target.inbound.get(e.port);
        return port === undefined ? null : `127.0.0.1:${port}`;
      },
      app: (e) => {
        const port = self?.appPorts.get(e.port);
        return port === undefined ? null : `127.0.0.1:${port}`;
      },
    };
  }
}

const portPairs = z.array(z.tuple([z.number().int(), z.number().int()]));

export const placementSchema = z.array(
  z.object({
    namespace: z.string(),
    workload: z.string(),
    replica: z.number().int().min(0),
    pod: z.string(),
    kind: z.enum(['sidecar', 'gateway']),
    ready: z.boolean(),
    inbound: portPairs,
    appPorts: portPairs,
  }),
);

/** Reads a placement sent over HTTP; throws zod's error, naming every invalid field. */
export function parsePlacement(input: unknown): PlacementRecord[] {
  return placementSchema.parse(input);
}
