/**
 * WorkloadGroup admission checks (Istio's `ValidateWorkloadGroup`): valid metadata labels and
 * a readiness probe with non-negative timings and a well-formed check. The template is not
 * checked as a WorkloadEntry: its address is filled in when a workload joins.
 */
import type { IstioResource } from '../resource.ts';
import type { Path } from '../path.ts';
import { isPort } from './addresses.ts';
import { checkLabels } from './common.ts';
import type { Report } from './report.ts';

type Probe = NonNullable<IstioResource<'WorkloadGroup'>['spec']['probe']>;

const probeHeaderName = /^[-A-Za-z0-9]+$/;

export function validateWorkloadGroup(resource: IstioResource<'WorkloadGroup'>, report: Report): void {
  const spec = resource.spec;
  checkLabels(report, ['spec', 'metadata', 'labels'], spec.metadata?.labels);
  if (spec.probe) checkProbe(report, ['spec', 'probe'], spec.probe);
}

function checkProbe(report: Report, path: Path, probe: Probe): void {
  for (const k of [
    'periodSeconds',
    'initialDelaySeconds',
    'timeoutSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    const v = probe[k];
    if (v !== undefined && v < 0) report.field([...path, k], `must be non-negative (got ${v})`);
  }
  const port = (at: Path, n: number): void => {
    if (!isPort(n)) report.field(at, `must be in the range 1..65535 (got ${n})`);
  };
  if (probe.httpGet) {
    const at = [...path, 'httpGet'];
    port([...at, 'port'], probe.httpGet.port);
    const scheme = probe.httpGet.scheme;
    if (scheme !== undefined && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS')
      report.field([...at, 'scheme'], 'must be one of "HTTPS", "HTTP"');
    probe.httpGet.httpHeaders?.forEach((h, i) => {
      const name = h.name ?? '';
      if (!probeHeaderName.test(name))
        report.field([...at, 'httpHeaders', i, 'name'], `${JSON.stringify(name)} is not a valid header name`);
    });
  } else if (probe.tcpSocket) port([...path, 'tcpSocket', 'port'], probe.tcpSocket.port);
  else if (probe.exec) {
    if (probe.exec.command.length === 0) report.field([...path, 'exec', 'command'], 'is required');
  } else if (probe.grpc) {
    // gRPC probes are newer than Istio's check, which refuses them as unknown; users mean them.
    if (probe.grpc.port !== undefined) port([...path, 'grpc', 'port'], probe.grpc.port);
  } else report.field(path, 'must set one of httpGet, tcpSocket, exec or grpc');
}
