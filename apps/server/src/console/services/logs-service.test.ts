import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { podLogsSchema } from '@meshlens/mesh-core/api/logs';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors.ts';
import { fakeLogSource, line } from '../testing/logs-fake-source.ts';
import { createLogsService, kialiTimestamp, severityOf } from './logs-service.ts';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** An access-log line that started `startedMs` and answered `status` with `flags`. */
function access(startedMs: number, status: number, flags: string, path = '/ratings/0'): string {
  return (
    `[${new Date(startedMs).toISOString()}] "GET ${path} HTTP/1.1" ${status} ${flags} via_upstream - "-" ` +
    `0 48 3 2 "-" "node" "rid-${startedMs}" "ratings:9080" "127.0.0.1:40211" ` +
    'outbound|9080||ratings.default.svc.cluster.local 127.0.0.1:51022 127.0.0.1:40199 127.0.0.1:51020 - default'
  );
}

/** An entry in a word: its access log's status, or its message. */
const label = (e: LogEntryJson): string => (e.accessLog ? `access ${e.accessLog.status_code}` : e.message);

const source = fakeLogSource({
  namespaces: ['istio-system'],
  workloads: ['default/idle-v1'],
  pods: [
    {
      namespace: 'default',
      workload: 'reviews-v1',
      pod: 'reviews-v1-0',
      containers: {
        reviews: [
          line('listening on 9080', T0),
          line('', T0 + 1),
          line('ERROR ratings unreachable', T0 + 3_000, 'stderr'),
        ],
        'istio-proxy': [
          // Written 100 ms after it started: it sorts by its start.
          line(access(T0 + 900, 200, '-'), T0 + 1_000),
          line(access(T0 + 4_000, 503, 'UF,URX'), T0 + 4_100),
          line('warning: config NACKed', T0 + 2_000, 'stderr'),
        ],
      },
    },
    {
      namespace: 'default',
      workload: 'reviews-v1',
      pod: 'reviews-v1-1',
      containers: { reviews: [line('listening on 9080', T0 + 500)], 'istio-proxy': [] },
    },
  ],
});

const service = createLogsService({ source });

describe('logs service', () => {
  it('answers a pod’s lines in Kiali’s shape, in time order, access-log lines parsed', async () => {
    const logs = podLogsSchema.parse(await service.podLogs('default', 'reviews-v1-0', {}));
    expect(logs.linesTruncated).toBeUndefined();
    expect(logs.entries.map((e) => [e.container, e.stream, e.severity, label(e)])).toEqual([
      ['reviews', 'stdout', 'INFO', 'listening on 9080'],
      ['istio-proxy', 'stdout', 'INFO', 'access 200'],
      ['istio-proxy', 'stderr', 'WARN', 'warning: config NACKed'],
      ['reviews', 'stderr', 'ERROR', 'ERROR ratings unreachable'],
      ['istio-proxy', 'stdout', 'INFO', 'access 503'],
    ]);
    const failed = logs.entries[4];
    expect(failed).toMatchObject({
      timestampUnix: T0 + 4_000,
      timestamp: kialiTimestamp(T0 + 4_000),
      pod: 'reviews-v1-0',
      accessLog: {
        status_code: '503',
        response_flags: 'UF,URX',
        upstream_cluster: 'outbound|9080||ratings.default.svc.cluster.local',
        method: 'GET',
        uri_path: '/ratings/0',
        duration: '3',
      },
    });
    expect(logs.entries[0]?.accessLog).toBeUndefined();
  });

  it('merges a workload’s pods, each entry naming its pod', async () => {
    const logs = await service.workloadLogs('default', 'reviews-v1', { container: 'reviews' });
    expect(logs.entries.map((e) => `${e.pod} ${e.message}`)).toEqual([
      'reviews-v1-0 listening on 9080',
      'reviews-v1-1 listening on 9080',
      'reviews-v1-0 ERROR ratings unreachable',
    ]);
  });

  it('keeps the lines received from sinceTime, within duration', async () => {
    const since = await service.podLogs('default', 'reviews-v1-0', { sinceTimeSec: (T0 + 2_000) / 1000 });
    expect(since.entries.map(label)).toEqual([
      'warning: config NACKed',
      'ERROR ratings unreachable',
      'access 503',
    ]);
    const window = await service.podLogs('default', 'reviews-v1-0', {
      sinceTimeSec: (T0 + 1_000) / 1000,
      durationMs: 2_000,
    });
    expect(window.entries).toHaveLength(3);
    // Without sinceTime, the window starts at the first line.
    const first = await service.podLogs('default', 'reviews-v1-0', { durationMs: 1_500 });
    expect(first.entries.map((e) => e.container)).toEqual(['reviews', 'istio-proxy']);
  });

  it('keeps the first maxLines and says it truncated', async () => {
    const logs = await service.podLogs('default', 'reviews-v1-0', { maxLines: 2 });
    expect(logs.entries.map((e) => e.timestampUnix)).toEqual([T0, T0 + 900]);
    expect(logs.linesTruncated).toBe(true);
    expect(
      (await service.podLogs('default', 'reviews-v1-0', { maxLines: 5 })).linesTruncated,
    ).toBeUndefined();
  });

  it('filters by text and by severity', async () => {
    const byText = await service.podLogs('default', 'reviews-v1-0', { matches: (m) => m.includes('UF,URX') });
    expect(byText.entries.map((e) => e.accessLog?.status_code)).toEqual(['503']);
    const bySeverity = await service.podLogs('default', 'reviews-v1-0', {
      severities: new Set(['ERROR', 'WARN']),
    });
    expect(bySeverity.entries.map((e) => e.severity)).toEqual(['WARN', 'ERROR']);
  });

  it('answers a workload that runs no pod with no lines', async () => {
    expect(await service.workloadLogs('default', 'idle-v1', {})).toEqual({ entries: [] });
  });

  it.each([
    [
      'an unknown namespace',
      () => service.podLogs('nope', 'reviews-v1-0', {}),
      'not-found',
      'Namespace [nope] does not exist.',
    ],
    [
      'an unknown pod',
      () => service.podLogs('default', 'reviews-v9-0', {}),
      'not-found',
      'Pod [reviews-v9-0] does not exist in namespace [default].',
    ],
    [
      'a pod of another namespace',
      () => service.podLogs('istio-system', 'reviews-v1-0', {}),
      'not-found',
      'Pod [reviews-v1-0] does not exist in namespace [istio-system].',
    ],
    [
      'an unknown workload',
      () => service.workloadLogs('default', 'ratings-v1', {}),
      'not-found',
      'Workload [ratings-v1] does not exist in namespace [default].',
    ],
    [
      'a container the pod does not have',
      () => service.podLogs('default', 'reviews-v1-0', { container: 'discovery' }),
      'input',
      'container [discovery] is not valid for pod [reviews-v1-0]: choose one of [reviews, istio-proxy]',
    ],
  ] as const)('refuses %s', async (_name, call, reason, message) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ reason, message });
  });
});

describe('severityOf', () => {
  it.each([
    ['plain', 'INFO'],
    ['2026-11-30 error: boom', 'ERROR'],
    ['Warning: low disk', 'WARN'],
    ['[debug] x', 'DEBUG'],
    ['trace id 1', 'TRACE'],
    ['WARN then ERROR', 'WARN'],
  ] as const)('%s → %s', (text, severity) => {
    expect(severityOf(text)).toBe(severity);
  });
});
