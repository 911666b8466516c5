/**
 * The route destinations of a VirtualService, over its three route kinds (http, tcp, tls) in the
 * order Kiali walks them, each with the path segments that lead to it.
 */
import type { Path } from '../../../config/path.ts';
import type { VirtualServiceSpec } from '../../../config/istio-types.gen.ts';

export const routeKinds = ['http', 'tcp', 'tls'] as const;
export type RouteKind = (typeof routeKinds)[number];

export interface RouteDestination {
  readonly host: string;
  readonly subset?: string;
  readonly weight?: number;
  /** `['spec', kind, routeIndex, 'route', destinationIndex]`. */
  readonly path: Path;
}

export interface Route {
  readonly kind: RouteKind;
  readonly index: number;
  readonly destinations: readonly RouteDestination[];
}

interface RawDestination {
  readonly destination: { readonly host: string; readonly subset?: string };
  readonly weight?: number;
}

/** Every route of every kind, with its destinations (possibly none: redirects, direct responses). */
export function routesOf(spec: VirtualServiceSpec): Route[] {
  const routes: Route[] = [];
  for (const kind of routeKinds) {
    const list: readonly { readonly route?: readonly RawDestination[] }[] = spec[kind] ?? [];
    list.forEach((route, index) => {
      const destinations = (route.route ?? []).map((d, j) => ({
        host: d.destination.host,
        ...(d.destination.subset !== undefined ? { subset: d.destination.subset } : {}),
        ...(d.weight !== undefined ? { weight: d.weight } : {}),
        path: ['spec', kind, index, 'route', j],
      }));
      routes.push({ kind, index, destinations });
    });
  }
  return routes;
}

/** Every route destination of the VirtualService, in Kiali's order. */
export function destinationsOf(spec: VirtualServiceSpec): RouteDestination[] {
  return routesOf(spec).flatMap((r) => r.destinations);
}
