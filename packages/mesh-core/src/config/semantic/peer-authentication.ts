/**
 * PeerAuthentication admission checks (Istio's `ValidatePeerAuthentication`). Port-level mTLS
 * needs a workload selector: ports are workload ports, so a mesh- or namespace-wide policy
 * cannot name them. Port keys are port numbers.
 */
import type { IstioResource } from '../resource.ts';
import { isPort } from './addresses.ts';
import { checkWorkloadSelector } from './common.ts';
import type { Report } from './report.ts';

const digits = /^[0-9]+$/;

export function validatePeerAuthentication(
  resource: IstioResource<'PeerAuthentication'>,
  report: Report,
): void {
  const spec = resource.spec;
  const selector = spec.selector?.matchLabels;
  const emptySelector = Object.keys(selector ?? {}).length === 0;
  const ports = Object.keys(spec.portLevelMtls ?? {});
  if (spec.portLevelMtls && ports.length === 0)
    report.field(['spec', 'portLevelMtls'], 'must have at least one port, if defined');
  if (emptySelector && ports.length > 0) {
    report.field(
      ['spec', 'portLevelMtls'],
      'cannot be set on a mesh- or namespace-wide policy: add a selector with matchLabels',
    );
  }
  for (const port of ports) {
    if (!digits.test(port) || !isPort(Number(port)))
      report.field(
        ['spec', 'portLevelMtls', port],
        'is not a port: keys must be numbers in the range 1..65535',
      );
  }
  if (spec.selector) checkWorkloadSelector(report, ['spec', 'selector', 'matchLabels'], selector);
}
