/**
 * VirtualService admission checks (Istio's `ValidateVirtualService`). A VirtualService without
 * hosts is a delegate: it only carries HTTP routes for a root to hand over to. Hosts are
 * domains, short names or IPs; `*` alone only on gateways; no two hosts may overlap. Gateway
 * references, every route (HTTP, TLS, TCP) and `exportTo` are checked, then the rules that can
 * never be reached are reported as warnings.
 */
import type { IstioResource } from '../resource.ts';
import type { Path } from '../path.ts';
import { isIP, isPort, subnetError } from './addresses.ts';
import { checkExportTo, checkLabels } from './common.ts';
import { checkGatewayNames, checkRouteDestinations } from './destinations.ts';
import { isJwtClaimRoute } from './headers.ts';
import { gatewayBoundHostError, hostSubsetOf, hostsMatch, wildcardDomainError } from './hosts.ts';
import { checkHttpRoute } from './http-route.ts';
import type { Report } from './report.ts';
import { checkUnreachableRules } from './unreachable-rules.ts';

type Spec = IstioResource<'VirtualService'>['spec'];
type TlsRoute = NonNullable<Spec['tls']>[number];
type TcpRoute = NonNullable<Spec['tcp']>[number];

const meshGateway = 'mesh';

export function validateVirtualService(resource: IstioResource<'VirtualService'>, report: Report): void {
  const spec = resource.spec;
  const hosts = spec.hosts ?? [];
  const gateways = spec.gateways ?? [];
  const delegate = hosts.length === 0;
  if (delegate) {
    // A delegate is reached through its root's gateways and carries HTTP routes only.
    if (gateways.length > 0)
      report.field(['spec', 'gateways'], 'must be empty in a delegate VirtualService (one without hosts)');
    if ((spec.tls ?? []).length > 0)
      report.field(
        ['spec', 'tls'],
        'routes are not supported in a delegate VirtualService (one without hosts)',
      );
    if ((spec.tcp ?? []).length > 0)
      report.field(
        ['spec', 'tcp'],
        'routes are not supported in a delegate VirtualService (one without hosts)',
      );
  }
  checkGatewayNames(report, ['spec', 'gateways'], gateways);
  const appliesToGateway = gateways.length > 0 && !gateways.includes(meshGateway);
  const appliesToMesh = !appliesToGateway;
  const sni = (spec.tls ?? []).some((t) => t.match.some((m) => m.sniHosts.length > 0));

  if (!appliesToGateway) checkJwtClaimRoutes(report, spec, gateways);
  let hostsValid = true;
  for (const [i, host] of hosts.entries()) {
    const err = appliesToGateway ? gatewayBoundHostError(host, sni) : wildcardDomainError(host);
    if (err) {
      if (!isIP(host)) {
        report.field(['spec', 'hosts', i], err);
        hostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      report.field(
        ['spec', 'hosts', i],
        'cannot be "*" for a VirtualService bound to the mesh: list the gateways it applies to',
      );
      hostsValid = false;
    }
  }
  if (hostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        const a = hosts[i] ?? '';
        const b = hosts[j] ?? '';
        if (hostsMatch(a, b))
          report.field(
            ['spec', 'hosts', j],
            `duplicates ${JSON.stringify(a)}: hosts of a VirtualService may not overlap`,
          );
      }
    }
  }

  const http = spec.http ?? [];
  const tcp = spec.tcp ?? [];
  const tls = spec.tls ?? [];
  if (http.length === 0 && tcp.length === 0 && tls.length === 0)
    report.field(['spec'], 'must provide http, tcp or tls routes');
  http.forEach((route, i) => {
    checkHttpRoute(report, ['spec', 'http', i], route, delegate);
  });
  tls.forEach((route, i) => {
    checkTlsRoute(report, ['spec', 'tls', i], route, { hosts, appliesToGateway });
  });
  tcp.forEach((route, i) => {
    checkTcpRoute(report, ['spec', 'tcp', i], route);
  });
  checkExportTo(report, ['spec', 'exportTo'], {
    exportTo: spec.exportTo,
    namespace: resource.metadata.namespace,
  });
  checkUnreachableRules(report, 'http', http);
  checkUnreachableRules(report, 'tcp', tcp);
  checkUnreachableRules(report, 'tls', tls);
}

/** Routing on JWT claims needs the claims, which only gateways extract before routing. */
function checkJwtClaimRoutes(report: Report, spec: Spec, gateways: readonly string[]): void {
  spec.http?.forEach((route, i) => {
    route.match?.forEach((m, j) => {
      for (const field of ['headers', 'withoutHeaders'] as const) {
        for (const key of Object.keys(m[field] ?? {})) {
          if (!isJwtClaimRoute(key)) continue;
          const where = gateways.length === 0 ? 'it applies to no gateway' : 'it also applies to the mesh';
          report.field(
            ['spec', 'http', i, 'match', j, field, key],
            `routes on a JWT claim, which is only supported on gateways, and ${where}`,
          );
        }
      }
    });
  });
}

function checkL4Match(
  report: Report,
  path: Path,
  match: {
    destinationSubnets?: string[];
    port?: number;
    sourceLabels?: Record<string, string>;
    gateways?: string[];
  },
): void {
  match.destinationSubnets?.forEach((subnet, k) => {
    const err = subnetError(subnet);
    if (err) report.field([...path, 'destinationSubnets', k], err);
  });
  if (match.port !== undefined && match.port !== 0 && !isPort(match.port))
    report.field([...path, 'port'], `must be in the range 1..65535 (got ${match.port})`);
  checkLabels(report, [...path, 'sourceLabels'], match.sourceLabels);
  checkGatewayNames(report, [...path, 'gateways'], match.gateways);
}

function checkTlsRoute(
  report: Report,
  path: Path,
  route: TlsRoute,
  vs: { hosts: readonly string[]; appliesToGateway: boolean },
): void {
  if (route.match.length === 0)
    report.field([...path, 'match'], 'must have at least one match condition: TLS routes select on SNI');
  route.match.forEach((match, j) => {
    const at = [...path, 'match', j];
    if (match.sniHosts.length === 0) report.field([...at, 'sniHosts'], 'must have at least one SNI host');
    match.sniHosts.forEach((sni, k) => {
      checkSniHost(report, [...at, 'sniHosts', k], sni, vs);
    });
    checkL4Match(report, at, match);
  });
  if ((route.route ?? []).length === 0) report.field([...path, 'route'], 'is required');
  checkRouteDestinations(report, [...path, 'route'], route.route ?? []);
}

function checkSniHost(
  report: Report,
  path: Path,
  sni: string,
  vs: { hosts: readonly string[]; appliesToGateway: boolean },
): void {
  const err = vs.appliesToGateway ? gatewayBoundHostError(sni, true) : wildcardDomainError(sni);
  if (err) {
    if (isIP(sni))
      report.fieldWarning(
        path,
        `uses an IP address (${JSON.stringify(sni)}), which goes against the SNI spec; most clients do not support this`,
      );
    else report.field(path, err);
    return;
  }
  if (!vs.hosts.some((h) => hostSubsetOf(sni, h))) {
    report.field(
      path,
      `${JSON.stringify(sni)} is not a compatible subset of any of the virtual service hosts: [${vs.hosts.join(', ')}]`,
    );
  }
}

function checkTcpRoute(report: Report, path: Path, route: TcpRoute): void {
  route.match?.forEach((match, j) => {
    checkL4Match(report, [...path, 'match', j], match);
  });
  if ((route.route ?? []).length === 0) report.field([...path, 'route'], 'is required');
  checkRouteDestinations(report, [...path, 'route'], route.route ?? []);
}
