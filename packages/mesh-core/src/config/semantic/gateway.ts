/**
 * Gateway admission checks (Istio's `ValidateGateway`): a DNS-label name, at least one server,
 * each with hosts in `[namespace/]host` form, a known protocol, a valid port and name (unique
 * across servers), a bind address, and TLS settings that fit the protocol.
 */
import type { IstioResource } from '../resource.ts';
import { isIP, isPort, unixAddressError, unixAddressPrefix } from './addresses.ts';
import { isHttpProtocol, isTlsProtocol, parseProtocol, supportedProtocols } from './common.ts';
import { isDNS1123Label, namespacedHostErrors } from './hosts.ts';
import type { Report } from './report.ts';
import { checkServerTls } from './server-tls.ts';

type Server = NonNullable<IstioResource<'Gateway'>['spec']['servers']>[number];

export function validateGateway(resource: IstioResource<'Gateway'>, report: Report): void {
  const name = resource.metadata.name;
  if (!isDNS1123Label(name))
    report.field(
      ['metadata', 'name'],
      `${JSON.stringify(name)} is not a valid gateway name (a DNS-1123 label, no dots)`,
    );
  const servers = resource.spec.servers ?? [];
  if (servers.length === 0) report.field(['spec', 'servers'], 'must have at least one server');
  const portNames = new Set<string>();
  servers.forEach((server, i) => {
    const path = ['spec', 'servers', i];
    checkServer(report, path, server);
    const portName = server.port.name;
    if (portNames.has(portName))
      report.field(
        [...path, 'port', 'name'],
        `must be unique across servers: duplicate name ${JSON.stringify(portName)}`,
      );
    portNames.add(portName);
    if (!isHttpProtocol(parseProtocol(server.port.protocol)) && server.tls?.httpsRedirect === true) {
      report.fieldWarning([...path, 'tls', 'httpsRedirect'], 'should only be used with HTTP servers');
    }
  });
}

function checkServer(report: Report, path: (string | number)[], server: Server): void {
  if (server.hosts.length === 0) report.field([...path, 'hosts'], 'must contain at least one host');
  server.hosts.forEach((host, j) => {
    for (const err of namespacedHostErrors(host, true)) report.field([...path, 'hosts', j], err);
  });
  const port = server.port;
  const bind = server.bind ?? '';
  const protocol = parseProtocol(port.protocol);
  let portOk = true;
  if (!protocol) {
    report.field(
      [...path, 'port', 'protocol'],
      `${JSON.stringify(port.protocol)} is not a supported protocol (${supportedProtocols})`,
    );
    portOk = false;
  }
  const uds = bind.startsWith(unixAddressPrefix);
  if ((port.number > 0 || !uds) && !isPort(port.number)) {
    report.field([...path, 'port', 'number'], `must be in the range 1..65535 (got ${port.number})`);
    portOk = false;
  }
  if (port.targetPort !== undefined && port.targetPort > 0)
    report.field([...path, 'port', 'targetPort'], 'has no impact on Gateways');
  if (port.name === '') {
    report.field([...path, 'port', 'name'], 'must be set');
    portOk = false;
  }
  if (uds) {
    const err = unixAddressError(bind.slice(unixAddressPrefix.length));
    if (err) report.field([...path, 'bind'], err);
    if (port.number !== 0)
      report.field([...path, 'port', 'number'], 'must be 0 for a unix domain socket bind');
  } else if (bind !== '' && !isIP(bind))
    report.field([...path, 'bind'], `${JSON.stringify(bind)} is not a valid IP`);

  const tls = server.tls;
  if (tls) checkServerTls(report, [...path, 'tls'], tls);
  if (!portOk) return;
  if (isTlsProtocol(protocol) && !tls) {
    report.field(
      [...path, 'tls'],
      `must be set for ${port.protocol} servers (HTTPS and TLS terminate or pass through TLS)`,
    );
  } else if (!isTlsProtocol(protocol) && tls) {
    if (!isHttpProtocol(protocol))
      report.field(
        [...path, 'tls'],
        `cannot be set on a ${port.protocol} server (only HTTPS/TLS servers use TLS settings)`,
      );
    else if (!isPassThrough(tls) || tls.caCertificates || tls.privateKey || tls.serverCertificate) {
      // On a plain HTTP server the only TLS setting that means anything is httpsRedirect.
      report.field([...path, 'tls'], 'cannot be set on a plain text HTTP server, except httpsRedirect');
    }
  }
}

/** Istio's `gateway.IsPassThroughServer`: a TLS block with mode PASSTHROUGH or AUTO_PASSTHROUGH. */
function isPassThrough(tls: NonNullable<Server['tls']>): boolean {
  const mode = tls.mode ?? 'PASSTHROUGH';
  return mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
}
