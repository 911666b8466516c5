/**
 * Route destinations and gateway references of VirtualService routes (HTTP, TLS, TCP) and of
 * Sidecar egress proxies: Istio's `validateDestination`, `validateRouteDestinations` and
 * `validateGatewayNames`.
 */
import type { Path } from '../path.ts';
import { isPort } from './addresses.ts';
import { subsetNameError } from './destination-rule.ts';
import { checkHeaderOperations } from './headers.ts';
import type { HeadersSpec } from './headers.ts';
import { gatewayNameProblems, wildcardDomainError } from './hosts.ts';
import type { Report } from './report.ts';

export interface Destination {
  readonly host: string;
  readonly port?: { readonly number?: number };
  readonly subset?: string;
}

export interface WeightedDestination {
  readonly destination: Destination;
  readonly weight?: number;
  readonly headers?: HeadersSpec;
}

export function checkDestination(report: Report, path: Path, destination: Destination): void {
  const host = destination.host;
  if (host === '*') report.field([...path, 'host'], 'cannot be "*": a destination must name a service');
  else {
    const err = wildcardDomainError(host);
    if (err) report.field([...path, 'host'], err);
  }
  if (destination.subset !== undefined) {
    const err = subsetNameError(destination.subset);
    if (err) report.field([...path, 'subset'], err);
  }
  const port = destination.port?.number;
  if (destination.port && !isPort(port ?? 0))
    report.field([...path, 'port', 'number'], `must be in the range 1..65535 (got ${port ?? 'none'})`);
}

/**
 * The destinations of one route. Weights are non-negative; with several destinations they are
 * relative shares, so they may not all be 0. A lone destination takes all traffic whatever its
 * weight says, as in Istio (Kiali warns about that separately).
 */
export function checkRouteDestinations(
  report: Report,
  path: Path,
  route: readonly WeightedDestination[],
): void {
  let total = 0;
  route.forEach((dest, i) => {
    const at = [...path, i];
    checkHeaderOperations(report, [...at, 'headers'], dest.headers);
    checkDestination(report, [...at, 'destination'], dest.destination);
    const weight = dest.weight ?? 0;
    if (weight < 0) report.field([...at, 'weight'], `must not be negative (got ${weight})`);
    total += weight;
  });
  if (route.length > 1 && total === 0)
    report.field(path, 'has a total destination weight of 0: give at least one destination a weight');
}

/** Gateway references: `mesh`, `name`, `namespace/name` (and the legacy `name.namespace`, with a warning). */
export function checkGatewayNames(report: Report, path: Path, names: readonly string[] | undefined): void {
  // Istio stops at the first name without a slash; every name is checked here, as users expect.
  names?.forEach((name, i) => {
    const { errors, warnings } = gatewayNameProblems(name);
    for (const e of errors) report.field([...path, i], e);
    for (const w of warnings) report.fieldWarning([...path, i], w);
  });
}
