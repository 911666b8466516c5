import { describe, expect, it } from 'vitest';
import type { AccessLogRecord } from './access-log.ts';
import { formatAccessLogLine } from './access-log.ts';
import type { AccessLogFields } from './access-log-parse.ts';
import { parseAccessLogFields, parseAccessLogLine, parseResponseFlags } from './access-log-parse.ts';

// Lines as Meshlens' sidecars write them (the shapes its sidecar tests assert: a routed request, a
// local reply with a flag, a retried connect failure) and as Istio's sidecars write them (public
// logs transcribed in access-log.test.ts and the istio-axslog README).
const lines: readonly [string, string, Partial<AccessLogFields>][] = [
  [
    'a routed request at an outbound listener',
    '[2026-11-30T19:40:01.123Z] "GET /ratings/0 HTTP/1.1" 200 - via_upstream - "-" 0 48 3 2 "-" ' +
      '"node" "5457526c-0e6c-92eb-b0bd-0000000001" "ratings:9080" "127.0.0.1:40211" ' +
      'outbound|9080||ratings.default.svc.cluster.local 127.0.0.1:51022 127.0.0.1:40199 ' +
      '127.0.0.1:51020 - default',
    {
      startTime: '2026-11-30T19:40:01.123Z',
      method: 'GET',
      path: '/ratings/0',
      protocol: 'HTTP/1.1',
      responseCode: '200',
      responseFlags: '-',
      responseCodeDetails: 'via_upstream',
      bytesSent: '48',
      duration: '3',
      upstreamServiceTime: '2',
      userAgent: 'node',
      authority: 'ratings:9080',
      upstreamHost: '127.0.0.1:40211',
      upstreamCluster: 'outbound|9080||ratings.default.svc.cluster.local',
      downstreamRemoteAddress: '127.0.0.1:51020',
      routeName: 'default',
    },
  ],
  [
    'a route not found',
    '[2026-11-30T19:40:02.000Z] "GET /elsewhere HTTP/1.1" 404 NR route_not_found - "-" 0 0 0 - "-" "-" ' +
      '"nr-check" "reviews:9080" "-" - - 127.0.0.1:40199 127.0.0.1:51030 - -',
    { responseCode: '404', responseFlags: 'NR', responseCodeDetails: 'route_not_found', upstreamHost: '-' },
  ],
  [
    'a connect failure retried, with a reason that has spaces',
    '[2025-01-01T00:00:00.000Z] "POST /ratings HTTP/1.1" 503 UF,URX ' +
      'upstream_reset_before_response_started{remote_connection_failure} - ' +
      '"delayed connect error: Connection refused" 12 91 30 29 "-" "-" "r-1" "ratings:9080" ' +
      '"10.0.0.7:9080" outbound|9080|v1|ratings.default.svc.cluster.local - - - - default\n',
    {
      method: 'POST',
      responseCode: '503',
      responseFlags: 'UF,URX',
      upstreamTransportFailureReason: 'delayed connect error: Connection refused',
      upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
    },
  ],
  [
    'an Istio gateway line with a browser user agent',
    '[2024-06-02T13:35:27.054Z] "GET / HTTP/2" 302 UAEX ext_authz_denied - "-" 0 387 16 - ' +
      '"192.168.0.24" "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0" ' +
      '"1d3ec87f-d974-4521-b5ac-23404817a56a" "kubeflow.kubefrog.fr" "-" ' +
      'outbound|80||centraldashboard.kubeflow.svc.cluster.local - 10.0.0.196:8443 192.168.0.24:41604 ' +
      'kubeflow.kubefrog.fr -',
    {
      protocol: 'HTTP/2',
      responseFlags: 'UAEX',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
      xForwardedFor: '192.168.0.24',
      requestedServerName: 'kubeflow.kubefrog.fr',
      routeName: '-',
    },
  ],
  [
    'an Istio inbound line (istio-axslog)',
    '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 3 1 "-" ' +
      '"curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "127.0.0.1:80" ' +
      'inbound|8000|| 127.0.0.1:41854 10.44.1.27:80 10.44.1.23:37652 ' +
      'outbound_.8000_._.httpbin.foo.svc.cluster.local default',
    {
      responseCode: '418',
      upstreamCluster: 'inbound|8000||',
      upstreamLocalAddress: '127.0.0.1:41854',
      downstreamLocalAddress: '10.44.1.27:80',
      requestedServerName: 'outbound_.8000_._.httpbin.foo.svc.cluster.local',
    },
  ],
  [
    'a user agent with a quote inside',
    '[2025-01-01T00:00:00.000Z] "GET / HTTP/1.1" 200 - via_upstream - "-" 0 1 1 1 "-" ' +
      '"agent "quoted"x" "r" "a" "-" - - - - - -',
    { userAgent: 'agent "quoted"x', requestId: 'r', authority: 'a' },
  ],
];

describe('parseAccessLogFields', () => {
  it.each(lines)('reads %s', (_name, line, expected) => {
    expect(parseAccessLogFields(line)).toMatchObject(expected);
  });

  it.each([
    ['the proxy’s own log', 'sidecar: listening on 127.0.0.1:40199'],
    ['a line cut short', '[2025-01-01T00:00:00.000Z] "GET / HTTP/1.1" 200 - via_upstream'],
    ['a status that is not a number', lines[0]?.[1].replace('" 200 -', '" abc -') ?? ''],
    ['a field too many', `${lines[1]?.[1] ?? ''} extra`],
    ['no time', lines[0]?.[1].slice(27) ?? ''],
    ['an empty line', ''],
  ])('refuses %s', (_name, line) => {
    expect(parseAccessLogFields(line)).toBeUndefined();
  });
});

describe('parseAccessLogLine', () => {
  const routed: AccessLogRecord = {
    startTimeMs: Date.UTC(2024, 5, 2, 13, 24, 57, 930),
    method: 'GET',
    path: '/reviews/000001',
    protocol: 'HTTP/1.1',
    responseCode: 200,
    responseFlags: [],
    responseCodeDetails: 'via_upstream',
    bytesReceived: 0,
    bytesSent: 295,
    durationMs: 3,
    requestId: '5457526c-0e6c-92eb-b0bd-000000000001',
    authority: 'reviews:9080',
    upstreamHost: '10.244.1.7:9080',
    upstreamCluster: 'outbound|9080|v1|reviews.default.svc.cluster.local',
  };
  const records: readonly AccessLogRecord[] = [
    routed,
    {
      startTimeMs: 0,
      responseCode: 0,
      responseFlags: ['DC'],
      bytesReceived: 0,
      bytesSent: 0,
      durationMs: 1,
    },
    {
      startTimeMs: Date.UTC(2025, 0, 1),
      method: 'POST',
      path: '/ratings',
      protocol: 'HTTP/1.1',
      responseCode: 503,
      responseFlags: ['UF', 'URX'],
      responseCodeDetails: 'upstream_reset_before_response_started{remote_connection_failure}',
      upstreamTransportFailureReason: 'delayed connect error: Connection refused',
      bytesReceived: 12,
      bytesSent: 91,
      durationMs: 30,
      upstreamServiceTimeMs: 29,
      xForwardedFor: '10.0.0.1, 10.0.0.2',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      requestId: 'r-1',
      authority: 'ratings:9080',
      upstreamHost: '10.0.0.7:9080',
      upstreamCluster: 'outbound|9080|v1|ratings.default.svc.cluster.local',
      upstreamLocalAddress: '10.0.0.5:40000',
      downstreamLocalAddress: '10.0.0.5:15001',
      downstreamRemoteAddress: '10.0.0.5:39999',
      requestedServerName: 'outbound_.9080_.v1_.ratings.default.svc.cluster.local',
      routeName: 'default',
    },
  ];

  it.each(records.map((r) => [formatAccessLogLine(r), r] as const))('reads back %s', (line, record) => {
    expect(parseAccessLogLine(line)).toEqual(record);
  });

  it('reads a rewritten request’s original path as its path', () => {
    const line = formatAccessLogLine({ ...routed, path: '/v2/reviews', originalPath: '/reviews' });
    expect(parseAccessLogLine(line)?.path).toBe('/reviews');
  });

  it('is undefined for a line that is not an access-log line', () => {
    expect(parseAccessLogLine('[platform] default/x exited (1); restarting in 1000 ms')).toBeUndefined();
  });
});

describe('parseResponseFlags', () => {
  it.each([
    ['-', []],
    ['UF,URX', ['UF', 'URX']],
    ['UH', ['UH']],
    ['UF,XYZ', ['UF']],
  ])('%s', (value, flags) => {
    expect(parseResponseFlags(value)).toEqual(flags);
  });
});
