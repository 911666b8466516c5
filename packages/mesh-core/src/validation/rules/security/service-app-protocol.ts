/**
 * KIA0602: a Service port's `appProtocol` is not a protocol Istio knows.
 *
 * `appProtocol` takes precedence over the port name for Istio's protocol selection, so an unknown
 * value makes the port plain TCP. Kiali (`kubernetes.MatchPortAppProtocolWithValidProtocols`)
 * accepts Istio's protocol names compared case-insensitively, and since kiali/kiali#10190 the
 * Kubernetes standard values `kubernetes.io/h2c`, `kubernetes.io/ws` and `kubernetes.io/wss`; an
 * empty value is reported. See `service-ports.ts` for which Services and ports are checked.
 */
import type { RuleFinding } from '../../finding.ts';
import { defineServiceRule } from '../../rule.ts';
import { hasPodsWithSidecar, namedPortsToCheck, portProtocols } from './service-ports.ts';

const knownAppProtocols = new Set<string>([
  ...portProtocols,
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
]);

export const serviceAppProtocolRule = defineServiceRule({
  id: 'service/app-protocol',
  check(service, ctx) {
    const ports = namedPortsToCheck(service).filter(({ port }) => port.appProtocol !== undefined);
    if (ports.length === 0 || !hasPodsWithSidecar(service, ctx)) return [];
    return ports
      .filter(({ port }) => !knownAppProtocols.has((port.appProtocol ?? '').toLowerCase()))
      .map(({ index }): RuleFinding => ({ code: 'KIA0602', path: ['spec', 'ports', index] }));
  },
});
