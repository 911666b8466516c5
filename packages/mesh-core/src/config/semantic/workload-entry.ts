/**
 * WorkloadEntry admission checks (Istio's `validateWorkloadEntry`), shared with the endpoints
 * of STATIC ServiceEntries. The address is an IP, a Unix socket (`unix:///path`, without
 * ports) or, on a standalone WorkloadEntry, a DNS name; it may only be left out when a
 * network is named (the workload is reached through that network's gateway).
 */
import type { WorkloadEntrySpec } from '../istio-types.gen.ts';
import type { IstioResource } from '../resource.ts';
import type { Path } from '../path.ts';
import { isIP, isPort, unixAddressError, unixAddressPrefix } from './addresses.ts';
import { checkLabels, checkPortName } from './common.ts';
import { fqdnError } from './hosts.ts';
import type { Report } from './report.ts';

export function validateWorkloadEntry(resource: IstioResource<'WorkloadEntry'>, report: Report): void {
  // Whether the port names exist is not known without the ServiceEntry that selects the entry.
  checkWorkloadEntryFields(report, ['spec'], resource.spec, { allowFqdn: true });
}

export interface WorkloadEntryRules {
  /** Port names of the ServiceEntry the endpoint belongs to. */
  readonly servicePorts?: ReadonlySet<string>;
  /** Standalone entries may name a DNS host; STATIC endpoints must be IPs. */
  readonly allowFqdn: boolean;
}

export function checkWorkloadEntryFields(
  report: Report,
  path: Path,
  entry: WorkloadEntrySpec,
  rules: WorkloadEntryRules,
): void {
  const address = entry.address ?? '';
  const ports = Object.entries(entry.ports ?? {});
  if (address === '') {
    if (!entry.network) {
      report.field([...path, 'address'], 'is required (unless a network is set)');
      return;
    }
    report.fieldWarning([...path, 'address'], `is unset, with network ${JSON.stringify(entry.network)}`);
  }
  const unix = address.startsWith(unixAddressPrefix);
  if (unix) {
    const err = unixAddressError(address.slice(unixAddressPrefix.length));
    if (err) report.field([...path, 'address'], err);
    if (ports.length > 0) report.field([...path, 'ports'], `must be empty for the unix endpoint ${address}`);
  } else if (address !== '' && !isIP(address)) {
    if (!rules.allowFqdn)
      report.field([...path, 'address'], `${JSON.stringify(address)} is not a valid IP address`);
    else if (fqdnError(address))
      report.field([...path, 'address'], `${JSON.stringify(address)} is not a valid FQDN or an IP address`);
  }
  for (const [name, port] of ports) {
    const at = [...path, 'ports', name];
    if (rules.servicePorts && !rules.servicePorts.has(name))
      report.field(at, `is not a port defined by the service entry (port ${port})`);
    checkPortName(report, at, name);
    if (!isPort(port)) report.field(at, `must be in the range 1..65535 (got ${port})`);
  }
  checkLabels(report, [...path, 'labels'], entry.labels);
  if (unix && rules.servicePorts && rules.servicePorts.size !== 1) {
    report.field([...path, 'address'], 'is a unix endpoint, which needs exactly 1 service port');
  }
}
