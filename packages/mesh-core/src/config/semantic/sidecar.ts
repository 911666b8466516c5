/**
 * Sidecar admission checks (Istio's `ValidateSidecar`). Ingress listeners need a unique port
 * and an endpoint on the loopback, any-address or a Unix socket; egress listeners list hosts
 * as `namespace/host`, with at most one port-less catch-all listener, last; an egress proxy
 * needs the ALLOW_ANY outbound policy.
 */
import type { IstioResource } from '../resource.ts';
import type { Path } from '../path.ts';
import { isIP, isPort, unixAddressError, unixAddressPrefix } from './addresses.ts';
import {
  checkPortName,
  checkProtocol,
  checkWorkloadSelector,
  isHttpProtocol,
  isTlsProtocol,
  parseProtocol,
} from './common.ts';
import { checkDestination } from './destinations.ts';
import { fqdnError, namespacedHostErrors } from './hosts.ts';
import type { Report } from './report.ts';
import { checkServerTls } from './server-tls.ts';
import { checkConnectionPool } from './traffic-policy.ts';

type Spec = IstioResource<'Sidecar'>['spec'];
type Ingress = NonNullable<Spec['ingress']>[number];
type Egress = NonNullable<Spec['egress']>[number];

const endpointHosts: ReadonlySet<string> = new Set(['', '127.0.0.1', '0.0.0.0', '::1', '::']);
const digits = /^[0-9]+$/;

export function validateSidecar(resource: IstioResource<'Sidecar'>, report: Report): void {
  const spec = resource.spec;
  if (spec.workloadSelector)
    checkWorkloadSelector(
      report,
      ['spec', 'workloadSelector', 'labels'],
      spec.workloadSelector.labels,
      'it will be applied to all services in the namespace',
    );
  if (
    !spec.egress?.length &&
    !spec.ingress?.length &&
    !spec.outboundTrafficPolicy &&
    !spec.inboundConnectionPool
  ) {
    report.field(
      ['spec'],
      'is an empty sidecar configuration: set egress, ingress, outboundTrafficPolicy or inboundConnectionPool',
    );
    return;
  }
  const ingressPorts = new Set<number>();
  spec.ingress?.forEach((ingress, i) => {
    checkIngress(report, ['spec', 'ingress', i], ingress, ingressPorts);
  });
  if (spec.inboundConnectionPool)
    checkConnectionPool(report, ['spec', 'inboundConnectionPool'], spec.inboundConnectionPool);
  checkEgress(report, spec.egress ?? [], resource.metadata.namespace);
  const policy = spec.outboundTrafficPolicy;
  if (policy?.egressProxy) {
    const at = ['spec', 'outboundTrafficPolicy', 'egressProxy'];
    if (policy.mode !== 'ALLOW_ANY')
      report.field(at, 'can only be set with outboundTrafficPolicy mode ALLOW_ANY');
    else {
      const err = fqdnError(policy.egressProxy.host);
      if (err) report.field([...at, 'host'], err);
      if (!policy.egressProxy.port) report.field([...at, 'port'], 'must be set');
      else checkDestination(report, at, policy.egressProxy);
    }
  }
}

function checkIngress(report: Report, path: Path, ingress: Ingress, seen: Set<number>): void {
  const port = ingress.port;
  const protocol = parseProtocol(port.protocol);
  if ((port.targetPort ?? 0) > 0) report.field([...path, 'port', 'targetPort'], 'has no impact on Sidecars');
  if (port.name) checkPortName(report, [...path, 'port', 'name'], port.name);
  checkProtocol(report, [...path, 'port', 'protocol'], port.protocol);
  const number = port.number ?? 0;
  if (!isPort(number))
    report.field([...path, 'port', 'number'], `must be in the range 1..65535 (got ${number})`);
  if (ingress.bind && !isIP(ingress.bind))
    report.field([...path, 'bind'], `${JSON.stringify(ingress.bind)} is not a valid IP`);
  if (seen.has(number))
    report.field(
      [...path, 'port', 'number'],
      `repeats port ${number}: ports on IP bound listeners must be unique`,
    );
  seen.add(number);
  const endpoint = ingress.defaultEndpoint ?? '';
  if (endpoint.startsWith(unixAddressPrefix)) {
    const err = unixAddressError(endpoint.slice(unixAddressPrefix.length));
    if (err) report.field([...path, 'defaultEndpoint'], err);
  } else if (endpoint !== '') {
    const err = defaultEndpointError(endpoint);
    if (err) report.field([...path, 'defaultEndpoint'], err);
  }
  const tls = ingress.tls;
  if (tls) {
    const at = [...path, 'tls'];
    if (tls.subjectAltNames?.length)
      report.field([...at, 'subjectAltNames'], 'is not supported in sidecar ingress tls');
    if (tls.httpsRedirect) report.field([...at, 'httpsRedirect'], 'is not supported in sidecar ingress tls');
    if (tls.credentialName)
      report.field([...at, 'credentialName'], 'is not currently supported in sidecar ingress tls');
    if (tls.credentialNames?.length)
      report.field([...at, 'credentialNames'], 'is not currently supported in sidecar ingress tls');
    if (tls.tlsCertificates?.length)
      report.field([...at, 'tlsCertificates'], 'is not currently supported in sidecar ingress tls');
    if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH')
      report.field([...at, 'mode'], `cannot be ${tls.mode} in sidecar ingress tls`);
    if (!isTlsProtocol(protocol))
      report.field(at, 'cannot be set on a listener whose protocol is not HTTPS or TLS');
    checkServerTls(report, at, tls);
  }
  if (ingress.connectionPool) {
    checkConnectionPool(report, [...path, 'connectionPool'], ingress.connectionPool);
    if (ingress.connectionPool.http && !isHttpProtocol(protocol)) {
      report.fieldWarning(
        [...path, 'connectionPool', 'http'],
        `is set for port ${number}, whose protocol is not HTTP (${port.protocol ?? 'unset'}): only TCP settings will apply`,
      );
    }
  }
}

/** `127.0.0.1:<port>`, `0.0.0.0:<port>`, `[::1]:<port>`, `[::]:<port>` or `:<port>`. */
function defaultEndpointError(endpoint: string): string | undefined {
  let host: string;
  let port: string;
  if (endpoint.startsWith('[')) {
    const close = endpoint.indexOf(']');
    if (close === -1 || endpoint[close + 1] !== ':') return `address ${endpoint}: missing port in address`;
    host = endpoint.slice(1, close);
    port = endpoint.slice(close + 2);
  } else {
    const colon = endpoint.lastIndexOf(':');
    if (colon === -1) return `address ${endpoint}: missing port in address`;
    host = endpoint.slice(0, colon);
    if (host.includes(':')) return `address ${endpoint}: too many colons in address`;
    port = endpoint.slice(colon + 1);
  }
  if (!endpointHosts.has(host))
    return 'must be of form 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port>, unix://<path> or unset';
  if (!digits.test(port)) return `port (${port}) is not a number`;
  return isPort(Number(port)) ? undefined : `port number ${port} must be in the range 1..65535`;
}

function checkEgress(report: Report, egress: readonly Egress[], namespace: string): void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  let catchAll = false;
  egress.forEach((listener, i) => {
    const path = ['spec', 'egress', i];
    const port = listener.port;
    if (!port) {
      // The port-less listener takes all remaining traffic: only one, and it must come last.
      if (catchAll) report.field(path, 'is a second egress listener with empty port: only one is allowed');
      else if (i !== egress.length - 1)
        report.field(path, 'has an empty port, so it must be the last egress listener');
      else catchAll = true;
    } else {
      const number = port.number ?? 0;
      const bind = listener.bind ?? '';
      if ((port.targetPort ?? 0) > 0)
        report.field([...path, 'port', 'targetPort'], 'has no impact on Sidecars');
      if (port.name) checkPortName(report, [...path, 'port', 'name'], port.name);
      checkProtocol(report, [...path, 'port', 'protocol'], port.protocol);
      if (number === 0) {
        if (!bind.startsWith(unixAddressPrefix))
          report.field([...path, 'bind'], 'must be a unix domain socket (unix://) when the port number is 0');
        else {
          const err = unixAddressError(bind.slice(unixAddressPrefix.length));
          if (err) report.field([...path, 'bind'], err);
        }
        const mode = listener.captureMode ?? 'DEFAULT';
        if (mode !== 'DEFAULT' && mode !== 'NONE')
          report.field([...path, 'captureMode'], 'must be DEFAULT or NONE for unix domain socket listeners');
        if (sockets.has(bind))
          report.field(
            [...path, 'bind'],
            `repeats ${JSON.stringify(bind)}: unix domain socket listeners must be unique`,
          );
        sockets.add(bind);
      } else {
        if (!isPort(number))
          report.field([...path, 'port', 'number'], `must be in the range 1..65535 (got ${number})`);
        if (bind !== '' && !isIP(bind))
          report.field([...path, 'bind'], `${JSON.stringify(bind)} is not a valid IP`);
        if (ports.has(number))
          report.field(
            [...path, 'port', 'number'],
            `repeats port ${number}: ports on IP bound listeners must be unique`,
          );
        ports.add(number);
      }
    }
    checkEgressHosts(report, path, listener.hosts, namespace);
  });
}

function checkEgressHosts(report: Report, path: Path, hosts: readonly string[], namespace: string): void {
  if (hosts.length === 0) {
    report.field([...path, 'hosts'], 'must contain at least one host');
    return;
  }
  const byNamespace = new Map<string, Set<string>>();
  hosts.forEach((host, j) => {
    const at = [...path, 'hosts', j];
    const slash = host.indexOf('/');
    if (slash !== -1) {
      const ns = host.slice(0, slash) === '.' ? namespace : host.slice(0, slash);
      const name = host.slice(slash + 1);
      const names = byNamespace.get(ns) ?? new Set<string>();
      byNamespace.set(ns, names);
      const duplicate = name === '*' ? names.size > 0 : names.has(name) || names.has('*');
      if (duplicate) report.fieldWarning(at, `duplicates an earlier egress host: ${host}`);
      names.add(name);
    }
    for (const err of namespacedHostErrors(host, false)) report.field(at, err);
  });
  if (byNamespace.get('*')?.has('*') && byNamespace.size !== 1) {
    report.fieldWarning([...path, 'hosts'], '`*/*` selects all hosts, no other hosts can be added');
  }
}
