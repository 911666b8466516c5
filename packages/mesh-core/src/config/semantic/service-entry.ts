/**
 * ServiceEntry admission checks (Istio's `ValidateServiceEntry`). Hosts are domains (never
 * `*` alone); addresses are IPs or CIDRs (CIDRs only for NONE/STATIC); ports are unique by
 * number and name. The resolution decides the rest: NONE takes no endpoints, STATIC needs IP
 * (or Unix socket) endpoints, DNS needs FQDN hosts unless endpoints name what to resolve.
 */
import type { IstioResource } from '../resource.ts';
import type { Path } from '../path.ts';
import { isIP, isPort, subnetError } from './addresses.ts';
import {
  checkExportTo,
  checkLabels,
  checkPortName,
  checkProtocol,
  checkWorkloadSelector,
  isHttpProtocol,
  isTlsProtocol,
  parseProtocol,
} from './common.ts';
import { fqdnError, partialWildcardError, wildcardDomainError } from './hosts.ts';
import type { Report } from './report.ts';
import { checkWorkloadEntryFields } from './workload-entry.ts';

type Spec = IstioResource<'ServiceEntry'>['spec'];
type Endpoint = NonNullable<Spec['endpoints']>[number];

const autoAllocateLabel = 'networking.istio.io/enable-autoallocate-ip';

export function validateServiceEntry(resource: IstioResource<'ServiceEntry'>, report: Report): void {
  const spec = resource.spec;
  const resolution = spec.resolution ?? 'NONE';
  const endpoints = spec.endpoints ?? [];
  if (spec.workloadSelector) {
    checkWorkloadSelector(
      report,
      ['spec', 'workloadSelector', 'labels'],
      spec.workloadSelector.labels,
      'it will be applied to all services in the namespace',
    );
    if (spec.endpoints) report.field(['spec', 'workloadSelector'], 'cannot be set together with endpoints');
  }
  if (spec.hosts.length === 0) report.field(['spec', 'hosts'], 'must have at least one host');
  spec.hosts.forEach((host, i) => {
    if (host === '*') {
      report.field(['spec', 'hosts', i], 'cannot be "*": a service entry must name its hosts');
      return;
    }
    const err = wildcardDomainError(host);
    if (err) report.field(['spec', 'hosts', i], err);
    const partial = partialWildcardError(host);
    if (partial) report.fieldWarning(['spec', 'hosts', i], partial);
  });

  const addresses = spec.addresses ?? [];
  addresses.forEach((address, i) => {
    const err = subnetError(address);
    if (err) report.field(['spec', 'addresses', i], err);
    else if (address.includes('/') && resolution !== 'NONE' && resolution !== 'STATIC') {
      report.field(
        ['spec', 'addresses', i],
        `is a CIDR block, which is only allowed with resolution NONE or STATIC (resolution is ${resolution})`,
      );
    }
  });

  // Istio assigns addresses itself (auto-allocation) unless resolution is NONE or the entry opts out.
  const autoAllocation =
    resolution !== 'NONE' &&
    resource.metadata.labels[autoAllocateLabel]?.toLowerCase() !== 'false' &&
    addresses.length === 0;
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  (spec.ports ?? []).forEach((port, i) => {
    const at = ['spec', 'ports', i];
    if (portNames.has(port.name))
      report.field([...at, 'name'], `${JSON.stringify(port.name)} is already defined by another port`);
    portNames.add(port.name);
    if (portNumbers.has(port.number))
      report.field([...at, 'number'], `${port.number} is already defined by another port`);
    portNumbers.add(port.number);
    if (port.targetPort !== undefined && port.targetPort !== 0 && !isPort(port.targetPort)) {
      report.field([...at, 'targetPort'], `must be in the range 1..65535 (got ${port.targetPort})`);
    }
    if (
      addresses.length === 0 &&
      !autoAllocation &&
      (port.protocol === undefined || port.protocol === '' || port.protocol === 'TCP')
    ) {
      report.fieldWarning(
        at,
        'serves TCP (or an unset protocol), which needs addresses when IP auto-allocation is not enabled',
      );
    }
    checkPortName(report, [...at, 'name'], port.name);
    checkProtocol(report, [...at, 'protocol'], port.protocol);
    if (!isPort(port.number))
      report.field([...at, 'number'], `must be in the range 1..65535 (got ${port.number})`);
  });

  checkResolution(report, spec, endpoints, portNames);

  // Plain TCP carries no host name, so several hosts on one TCP port cannot be told apart.
  if (resolution !== 'NONE' && spec.hosts.length > 1) {
    const i = (spec.ports ?? []).findIndex((p) => {
      const proto = parseProtocol(p.protocol);
      return !isHttpProtocol(proto) && !isTlsProtocol(proto);
    });
    if (i !== -1)
      report.field(
        ['spec', 'ports', i],
        'is neither HTTP nor TLS, which cannot serve multiple hosts (use resolution NONE, or one host)',
      );
  }
  checkExportTo(report, ['spec', 'exportTo'], {
    exportTo: spec.exportTo,
    namespace: resource.metadata.namespace,
    serviceEntry: true,
  });
}

function checkResolution(
  report: Report,
  spec: Spec,
  endpoints: readonly Endpoint[],
  portNames: ReadonlySet<string>,
): void {
  const resolution = spec.resolution ?? 'NONE';
  const at = (i: number): Path => ['spec', 'endpoints', i];
  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0)
        report.field(
          ['spec', 'endpoints'],
          'must be empty for resolution NONE (traffic goes to the address the client asked for)',
        );
      if (spec.workloadSelector)
        report.fieldWarning(['spec', 'workloadSelector'], 'should not be set when resolution is NONE');
      break;
    case 'STATIC':
      endpoints.forEach((e, i) => {
        checkWorkloadEntryFields(report, at(i), e, { servicePorts: portNames, allowFqdn: false });
      });
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      if (endpoints.length === 0) {
        spec.hosts.forEach((host, i) => {
          if (host !== '*' && fqdnError(host)) {
            report.field(
              ['spec', 'hosts', i],
              `must be an FQDN (no wildcard) when no endpoints are provided for resolution ${resolution}: it is the name resolved`,
            );
          }
        });
      }
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1)
        report.field(['spec', 'endpoints'], 'must have 0 or 1 endpoint for resolution DNS_ROUND_ROBIN');
      endpoints.forEach((e, i) => {
        checkDnsEndpoint(report, at(i), e, portNames);
      });
      if (
        (spec.addresses ?? []).length > 0 &&
        spec.hosts.length > 1 &&
        (spec.ports ?? []).some((p) => isTcpTransport(p.protocol))
      ) {
        report.fieldWarning(
          ['spec', 'hosts'],
          'has more than one host together with addresses and a TCP port',
        );
      }
      break;
    case 'DYNAMIC_DNS':
      // Istio's API: DYNAMIC_DNS resolves the name each request carries, so it is meant for
      // wildcard hosts, ignores endpoints and serves MESH_EXTERNAL entries only. Istio's
      // admission code for it is not public yet: these are warnings, not refusals.
      spec.hosts.forEach((host, i) => {
        if (!host.startsWith('*'))
          report.fieldWarning(
            ['spec', 'hosts', i],
            'is not a wildcard, but resolution DYNAMIC_DNS is meant for wildcard hosts',
          );
      });
      if (endpoints.length > 0)
        report.fieldWarning(['spec', 'endpoints'], 'are ignored with resolution DYNAMIC_DNS');
      if (spec.location === 'MESH_INTERNAL')
        report.fieldWarning(
          ['spec', 'location'],
          'MESH_INTERNAL is not supported with resolution DYNAMIC_DNS',
        );
      break;
  }
}

function isTcpTransport(protocol: string | undefined): boolean {
  const p = parseProtocol(protocol);
  return p === 'TCP' || p === 'HTTPS' || p === 'TLS' || p === 'MONGO' || p === 'REDIS' || p === 'MYSQL';
}

function checkDnsEndpoint(
  report: Report,
  path: Path,
  endpoint: Endpoint,
  portNames: ReadonlySet<string>,
): void {
  const address = endpoint.address ?? '';
  if (!isIP(address) && fqdnError(address))
    report.field([...path, 'address'], `${JSON.stringify(address)} is not a valid FQDN or an IP address`);
  checkLabels(report, [...path, 'labels'], endpoint.labels);
  for (const [name, port] of Object.entries(endpoint.ports ?? {})) {
    if (!portNames.has(name))
      report.field([...path, 'ports', name], `is not a port defined by the service entry (port ${port})`);
    checkPortName(report, [...path, 'ports', name], name);
    if (!isPort(port)) report.field([...path, 'ports', name], `must be in the range 1..65535 (got ${port})`);
  }
}
