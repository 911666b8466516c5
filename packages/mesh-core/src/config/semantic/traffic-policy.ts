/**
 * Traffic policies (DestinationRule, its subsets and ports) and connection pools (also used by
 * Sidecar): Istio's `validateTrafficPolicy` and friends. Counts must be non-negative, durations
 * at least 1ms, percentages within 0–100, and a policy or pool must set something.
 */
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Path } from '../path.ts';
import { isIP, isPort } from './addresses.ts';
import { checkDuration } from './durations.ts';
import { fqdnError } from './hosts.ts';
import { checkLoadBalancer } from './load-balancer.ts';
import type { Report } from './report.ts';

export type TrafficPolicy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
export type ConnectionPool = NonNullable<TrafficPolicy['connectionPool']>;
type OutlierDetection = NonNullable<TrafficPolicy['outlierDetection']>;
type ClientTls = NonNullable<TrafficPolicy['tls']>;
type PortPolicy = NonNullable<TrafficPolicy['portLevelSettings']>[number];

function nonNegative(report: Report, path: Path, value: number | undefined): void {
  if (value !== undefined && value < 0) report.field(path, `must be non-negative (got ${value})`);
}

function percent(report: Report, path: Path, value: number | undefined): void {
  if (value !== undefined && (value < 0 || value > 100))
    report.field(path, `must be in range 0..100 (got ${value})`);
}

export function checkTrafficPolicy(
  report: Report,
  path: Path,
  policy: TrafficPolicy | undefined,
  namespace: string,
): void {
  if (!policy) return;
  const set = (k: keyof TrafficPolicy): boolean => policy[k] !== undefined;
  const fields = [
    'outlierDetection',
    'connectionPool',
    'loadBalancer',
    'tls',
    'portLevelSettings',
    'tunnel',
    'proxyProtocol',
    'retryBudget',
  ] as const;
  if (!fields.some(set)) {
    report.field(path, 'must have at least one field');
    return;
  }
  if (policy.tunnel && policy.proxyProtocol) {
    report.field(path, 'cannot set both tunnel and proxyProtocol');
    return;
  }
  checkPortSettings(report, path, policy, namespace);
  const tunnel = policy.tunnel;
  if (tunnel) {
    const at = [...path, 'tunnel'];
    if (tunnel.protocol !== undefined && !['', 'CONNECT', 'POST'].includes(tunnel.protocol))
      report.field([...at, 'protocol'], 'must be "CONNECT" or "POST"');
    const hostErr = fqdnError(tunnel.targetHost);
    if (hostErr && !isIP(tunnel.targetHost))
      report.field([...at, 'targetHost'], `must be a valid FQDN or IP address: ${hostErr}`);
    if (!isPort(tunnel.targetPort))
      report.field([...at, 'targetPort'], `must be in the range 1..65535 (got ${tunnel.targetPort})`);
  }
  if (policy.retryBudget) percent(report, [...path, 'retryBudget', 'percent'], policy.retryBudget.percent);
}

function checkPortSettings(
  report: Report,
  path: Path,
  policy: TrafficPolicy | PortPolicy,
  namespace: string,
): void {
  checkOutlierDetection(report, [...path, 'outlierDetection'], policy.outlierDetection);
  if (policy.connectionPool) checkConnectionPool(report, [...path, 'connectionPool'], policy.connectionPool);
  if (policy.loadBalancer)
    checkLoadBalancer(
      report,
      [...path, 'loadBalancer'],
      policy.loadBalancer,
      policy.outlierDetection !== undefined,
    );
  if (policy.tls) checkClientTls(report, [...path, 'tls'], policy.tls, namespace);
  if ('portLevelSettings' in policy)
    checkPortLevelSettings(report, [...path, 'portLevelSettings'], policy.portLevelSettings ?? [], namespace);
}

function checkPortLevelSettings(
  report: Report,
  path: Path,
  settings: readonly PortPolicy[],
  namespace: string,
): void {
  const seen = new Set<number>();
  settings.forEach((setting, i) => {
    const at = [...path, i];
    const port = setting.port?.number;
    if (port === undefined) report.field([...at, 'port'], 'must be set to a valid port');
    else if (seen.has(port)) {
      // Istio applies the first settings that match a port; later ones are dead configuration.
      report.fieldWarning(
        [...at, 'port', 'number'],
        `repeats port ${port}: only the first settings for a port apply`,
      );
    } else seen.add(port);
    if (!setting.outlierDetection && !setting.connectionPool && !setting.loadBalancer && !setting.tls) {
      report.field(at, 'must have at least one of outlierDetection, connectionPool, loadBalancer or tls');
    } else checkPortSettings(report, at, setting, namespace);
  });
}

function checkOutlierDetection(report: Report, path: Path, outlier: OutlierDetection | undefined): void {
  if (!outlier) return;
  checkDuration(report, [...path, 'baseEjectionTime'], outlier.baseEjectionTime);
  checkDuration(report, [...path, 'interval'], outlier.interval);
  if (outlier.consecutiveErrors !== undefined && outlier.consecutiveErrors !== 0) {
    report.fieldWarning(
      [...path, 'consecutiveErrors'],
      'is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead',
    );
  }
  for (const k of [
    'consecutiveErrors',
    'consecutive5xxErrors',
    'consecutiveGatewayErrors',
    'consecutiveLocalOriginFailures',
  ] as const) {
    nonNegative(report, [...path, k], outlier[k]);
  }
  if ((outlier.consecutiveLocalOriginFailures ?? 0) > 0 && outlier.splitExternalLocalOriginErrors !== true) {
    report.field(
      [...path, 'consecutiveLocalOriginFailures'],
      'is set, but splitExternalLocalOriginErrors is false',
    );
  }
  percent(report, [...path, 'maxEjectionPercent'], outlier.maxEjectionPercent);
  percent(report, [...path, 'minHealthPercent'], outlier.minHealthPercent);
  (outlier.outlierDetectionHttpErrorCodes ?? []).forEach((code, i) => {
    // Istio passes these through; a code outside 100–599 can never be seen, so it never counts.
    if (code < 100 || code > 599)
      report.fieldWarning(
        [...path, 'outlierDetectionHttpErrorCodes', i],
        `${code} is not an HTTP status code`,
      );
  });
}

/** Istio's `validateConnectionPool`, shared by DestinationRule and Sidecar. */
export function checkConnectionPool(report: Report, path: Path, pool: ConnectionPool): void {
  const { http, tcp } = pool;
  if (!http && !tcp) {
    report.field(path, 'must have at least one field (http or tcp)');
    return;
  }
  if (http) {
    const at = [...path, 'http'];
    for (const k of [
      'http1MaxPendingRequests',
      'http2MaxRequests',
      'maxRequestsPerConnection',
      'maxRetries',
      'maxConcurrentStreams',
    ] as const) {
      nonNegative(report, [...at, k], http[k]);
    }
    checkDuration(report, [...at, 'idleTimeout'], http.idleTimeout);
    checkDuration(report, [...at, 'http2KeepAlive', 'interval'], http.http2KeepAlive?.interval);
    checkDuration(report, [...at, 'http2KeepAlive', 'timeout'], http.http2KeepAlive?.timeout);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      report.field([...at, 'useClientProtocol'], 'must not be true when h2UpgradePolicy is UPGRADE');
    }
  }
  if (tcp) {
    const at = [...path, 'tcp'];
    nonNegative(report, [...at, 'maxConnections'], tcp.maxConnections);
    checkDuration(report, [...at, 'connectTimeout'], tcp.connectTimeout);
    checkDuration(report, [...at, 'maxConnectionDuration'], tcp.maxConnectionDuration);
    // 0s turns the idle timeout off.
    checkDuration(report, [...at, 'idleTimeout'], tcp.idleTimeout, { allowZero: true });
    checkDuration(report, [...at, 'tcpKeepalive', 'time'], tcp.tcpKeepalive?.time);
    checkDuration(report, [...at, 'tcpKeepalive', 'interval'], tcp.tcpKeepalive?.interval);
    nonNegative(report, [...at, 'tcpKeepalive', 'probes'], tcp.tcpKeepalive?.probes);
  }
}

const configMapPrefix = 'configmap://';

/** Istio's `ValidateTLS` for client (upstream) TLS settings. */
function checkClientTls(report: Report, path: Path, tls: ClientTls, namespace: string): void {
  const cred = tls.credentialName ?? '';
  if (cred.startsWith(configMapPrefix)) {
    // `configmap://name` or `configmap://namespace/name`: only the resource's own namespace.
    const ref = cred.slice(configMapPrefix.length);
    const slash = ref.indexOf('/');
    if (ref === '' || ref.endsWith('/'))
      report.field(
        [...path, 'credentialName'],
        `is not a valid configmap:// reference: ${JSON.stringify(cred)}`,
      );
    else if (slash !== -1 && ref.slice(0, slash) !== namespace) {
      report.field(
        [...path, 'credentialName'],
        `must name a ConfigMap in the configuration namespace ${JSON.stringify(namespace)}`,
      );
    }
  }
  if (tls.insecureSkipVerify === true) {
    if (tls.mode === 'SIMPLE' && (tls.caCertificates || tls.credentialName || tls.subjectAltNames)) {
      report.field(
        path,
        'cannot specify caCertificates, credentialName or subjectAltNames when insecureSkipVerify is true',
      );
    }
    if (tls.mode === 'MUTUAL' && (tls.caCertificates || tls.subjectAltNames)) {
      report.field(path, 'cannot specify caCertificates or subjectAltNames when insecureSkipVerify is true');
    }
  }
  if ((tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') && cred !== '') {
    if (tls.clientCertificate || tls.caCertificates || tls.privateKey || tls.caCrl) {
      report.field(
        path,
        'cannot specify clientCertificate, privateKey, caCertificates or caCrl when credentialName is set',
      );
    }
    return;
  }
  if (tls.mode === 'MUTUAL') {
    if (!tls.clientCertificate)
      report.field([...path, 'clientCertificate'], 'is required for mode MUTUAL (or set credentialName)');
    if (!tls.privateKey)
      report.field([...path, 'privateKey'], 'is required for mode MUTUAL (or set credentialName)');
  }
}
