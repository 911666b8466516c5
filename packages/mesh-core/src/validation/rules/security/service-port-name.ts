/**
 * KIA0601: a Service port without `appProtocol` whose name is not `<protocol>[-suffix]`.
 *
 * Istio reads a port's protocol from `appProtocol`, else from its name's prefix; a port named
 * otherwise (or unnamed) is sniffed or treated as plain TCP, losing L7 routing and telemetry.
 * Kiali (`kubernetes.MatchPortNameWithValidProtocols`): the name starts with one of Istio's
 * protocol names (case-sensitively) and is either exactly it (compared case-insensitively) or
 * continues with `-`. See `service-ports.ts` for which Services and ports are checked.
 */
import type { RuleFinding } from '../../finding.ts';
import { defineServiceRule } from '../../rule.ts';
import { hasPodsWithSidecar, namedPortsToCheck, portProtocols } from './service-ports.ts';

export const servicePortNameRule = defineServiceRule({
  id: 'service/port-name',
  check(service, ctx) {
    const ports = namedPortsToCheck(service).filter(({ port }) => port.appProtocol === undefined);
    if (ports.length === 0 || !hasPodsWithSidecar(service, ctx)) return [];
    return ports
      .filter(({ port }) => !isProtocolPortName(port.name ?? ''))
      .map(({ index }): RuleFinding => ({ code: 'KIA0601', path: ['spec', 'ports', index] }));
  },
});

export function isProtocolPortName(name: string): boolean {
  return portProtocols.some(
    (protocol) =>
      name.startsWith(protocol) &&
      (name.toLowerCase() === protocol || name.slice(protocol.length).startsWith('-')),
  );
}
