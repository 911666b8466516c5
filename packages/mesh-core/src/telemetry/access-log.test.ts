import { describe, expect, it } from 'vitest';
import type { AccessLogRecord } from './access-log.ts';
import { ISTIO_DEFAULT_ACCESS_LOG_FORMAT, formatAccessLogLine, formatStartTime } from './access-log.ts';
import { localReply } from './local-replies.ts';

const ms = (iso: string) => Date.parse(iso);

// Lines written by real Istio sidecars, transcribed from public logs: an ext_authz denial at an
// ingress gateway (fredcoq/kubefrog-kvmserver istio/readme.md) and an RBAC denial at a sidecar.
const cases: readonly [string, AccessLogRecord, string][] = [
  [
    'ext_authz denial at a gateway',
    {
      startTimeMs: ms('2024-06-02T13:35:27.054Z'),
      method: 'GET',
      path: '/',
      protocol: 'HTTP/2',
      responseCode: 302,
      responseFlags: ['UAEX'],
      responseCodeDetails: 'ext_authz_denied',
      bytesReceived: 0,
      bytesSent: 387,
      durationMs: 16,
      xForwardedFor: '192.168.0.24',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
      requestId: '1d3ec87f-d974-4521-b5ac-23404817a56a',
      authority: 'kubeflow.kubefrog.fr',
      upstreamCluster: 'outbound|80||centraldashboard.kubeflow.svc.cluster.local',
      downstreamLocalAddress: '10.0.0.196:8443',
      downstreamRemoteAddress: '192.168.0.24:41604',
      requestedServerName: 'kubeflow.kubefrog.fr',
    },
    '[2024-06-02T13:35:27.054Z] "GET / HTTP/2" 302 UAEX ext_authz_denied - "-" 0 387 16 - ' +
      '"192.168.0.24" "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0" ' +
      '"1d3ec87f-d974-4521-b5ac-23404817a56a" "kubeflow.kubefrog.fr" "-" ' +
      'outbound|80||centraldashboard.kubeflow.svc.cluster.local - 10.0.0.196:8443 192.168.0.24:41604 ' +
      'kubeflow.kubefrog.fr -\n',
  ],
  [
    'RBAC denial at a sidecar',
    {
      startTimeMs: ms('2026-10-09T08:07:10.309Z'),
      method: 'GET',
      path: '/status/200',
      protocol: 'HTTP/1.1',
      responseCode: 403,
      responseFlags: [],
      responseCodeDetails: localReply({
        reason: 'rbac_denied',
        policyId: 'ns[starfleet]-policy[probe-deny-status]-rule[0]',
      }).details,
      bytesReceived: 0,
      bytesSent: localReply({ reason: 'rbac_denied' }).body.length,
      durationMs: 0,
      userAgent: 'curl/8.11.1',
      requestId: '053c49b6-b1c1-40d1-b863-600c90a87918',
      authority: 'probe:8000',
      upstreamCluster: 'inbound|8080||',
      downstreamLocalAddress: '10.244.0.14:8080',
      downstreamRemoteAddress: '10.244.0.12:52784',
      requestedServerName: 'outbound_.8000_._.probe.starfleet.svc.cluster.local',
      routeName: 'default',
    },
    '[2026-10-09T08:07:10.309Z] "GET /status/200 HTTP/1.1" 403 - ' +
      'rbac_access_denied_matched_policy[ns[starfleet]-policy[probe-deny-status]-rule[0]] - "-" 0 19 0 - ' +
      '"-" "curl/8.11.1" "053c49b6-b1c1-40d1-b863-600c90a87918" "probe:8000" "-" inbound|8080|| - ' +
      '10.244.0.14:8080 10.244.0.12:52784 outbound_.8000_._.probe.starfleet.svc.cluster.local default\n',
  ],
  [
    'rewritten path, upstream timing and a connect failure',
    {
      startTimeMs: ms('2025-01-01T00:00:00Z'),
      method: 'POST',
      path: '/v2/ratings',
      originalPath: '/ratings',
      protocol: 'HTTP/1.1',
      responseCode: 503,
      responseFlags: ['UF', 'URX'],
      responseCodeDetails: 'upstream_reset_before_response_started{remote_connection_failure}',
      upstreamTransportFailureReason: 'delayed connect error: Connection refused',
      bytesReceived: 12,
      bytesSent: 91,
      durationMs: 30.9,
      upstreamServiceTimeMs: 29,
      requestId: 'r-1',
      authority: 'ratings:9080',
      upstreamHost: '10.0.0.7:9080',
      upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
      upstreamLocalAddress: '',
      routeName: 'default',
    },
    '[2025-01-01T00:00:00.000Z] "POST /ratings HTTP/1.1" 503 UF,URX ' +
      'upstream_reset_before_response_started{remote_connection_failure} - ' +
      '"delayed connect error: Connection refused" 12 91 30 29 "-" "-" "r-1" "ratings:9080" ' +
      '"10.0.0.7:9080" outbound|9080|v1|ratings.default.svc.cluster.local - - - - default\n',
  ],
];

describe('formatAccessLogLine', () => {
  it.each(cases)('%s', (_name, record, line) => {
    expect(formatAccessLogLine(record)).toBe(line);
  });

  it('prints a dash for every field it was not given', () => {
    const line = formatAccessLogLine({
      startTimeMs: 0,
      responseCode: 0,
      responseFlags: ['DC'],
      bytesReceived: 0,
      bytesSent: 0,
      durationMs: 1,
    });
    expect(line).toBe(
      '[1970-01-01T00:00:00.000Z] "- - -" 0 DC - - "-" 0 0 1 - "-" "-" "-" "-" "-" - - - - - -\n',
    );
  });

  it("puts every field where Istio's format string puts its operator", () => {
    // Substitute each operator of the verbatim format with a distinct value, independently of
    // formatAccessLogLine, and compare: a field out of order or missing changes the line.
    const values: Record<string, string> = {
      '%START_TIME%': '2025-05-05T05:05:05.005Z',
      '%REQ(:METHOD)%': 'PUT',
      '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%': '/p',
      '%PROTOCOL%': 'HTTP/2',
      '%RESPONSE_CODE%': '201',
      '%RESPONSE_FLAGS%': 'DI',
      '%RESPONSE_CODE_DETAILS%': 'via_upstream',
      '%CONNECTION_TERMINATION_DETAILS%': 'ctd',
      '%UPSTREAM_TRANSPORT_FAILURE_REASON%': 'tfr',
      '%BYTES_RECEIVED%': '1',
      '%BYTES_SENT%': '2',
      '%DURATION%': '3',
      '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%': '4',
      '%REQ(X-FORWARDED-FOR)%': 'xff',
      '%REQ(USER-AGENT)%': 'ua',
      '%REQ(X-REQUEST-ID)%': 'rid',
      '%REQ(:AUTHORITY)%': 'auth',
      '%UPSTREAM_HOST%': 'uh:1',
      '%UPSTREAM_CLUSTER_RAW%': 'uc',
      '%UPSTREAM_LOCAL_ADDRESS%': 'ula:2',
      '%DOWNSTREAM_LOCAL_ADDRESS%': 'dla:3',
      '%DOWNSTREAM_REMOTE_ADDRESS%': 'dra:4',
      '%REQUESTED_SERVER_NAME%': 'sni',
      '%ROUTE_NAME%': 'route',
    };
    const expected = ISTIO_DEFAULT_ACCESS_LOG_FORMAT.replace(
      /%[A-Z_]+(\([^)]*\))?%/g,
      (operator) => values[operator] ?? `<unknown ${operator}>`,
    );
    const line = formatAccessLogLine({
      startTimeMs: ms('2025-05-05T05:05:05.005Z'),
      method: 'PUT',
      path: '/p',
      protocol: 'HTTP/2',
      responseCode: 201,
      responseFlags: ['DI'],
      responseCodeDetails: 'via_upstream',
      connectionTerminationDetails: 'ctd',
      upstreamTransportFailureReason: 'tfr',
      bytesReceived: 1,
      bytesSent: 2,
      durationMs: 3,
      upstreamServiceTimeMs: 4,
      xForwardedFor: 'xff',
      userAgent: 'ua',
      requestId: 'rid',
      authority: 'auth',
      upstreamHost: 'uh:1',
      upstreamCluster: 'uc',
      upstreamLocalAddress: 'ula:2',
      downstreamLocalAddress: 'dla:3',
      downstreamRemoteAddress: 'dra:4',
      requestedServerName: 'sni',
      routeName: 'route',
    });
    expect(line).toBe(expected);
  });
});

describe('formatStartTime', () => {
  it.each([
    ['2024-06-02T13:24:57.930Z', '2024-06-02T13:24:57.930Z'],
    ['2024-06-02T13:24:57Z', '2024-06-02T13:24:57.000Z'],
    ['2024-06-02T15:24:57.5+02:00', '2024-06-02T13:24:57.500Z'],
  ])('%s → %s', (input, expected) => {
    expect(formatStartTime(Date.parse(input))).toBe(expected);
  });
});
