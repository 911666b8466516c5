import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { describe, expect, it } from 'vitest';
import { accessSummary, lineKind, linesAsText, mergeEntries, podsOf, shownEntries } from './log-lines.ts';

const line = (t: number, message: string, over: Partial<LogEntryJson> = {}): LogEntryJson => ({
  message,
  severity: 'INFO',
  timestamp: new Date(t).toISOString().replace('T', ' ').slice(0, 23),
  timestampUnix: t,
  pod: 'reviews-v1-0',
  container: 'reviews',
  stream: 'stdout',
  ...over,
});
const proxy = (t: number, message: string, pod = 'reviews-v1-0') =>
  line(t, message, { container: 'istio-proxy', pod });
const texts = (es: readonly LogEntryJson[]) => es.map((e) => e.message);

describe('mergeEntries', () => {
  const held = [line(1000, 'a'), proxy(1500, 'b'), line(2000, 'c')];
  it.each([
    {
      name: 'adds only lines not held',
      incoming: [line(2000, 'c'), line(2500, 'd')],
      want: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'puts a late access-log line at its start time',
      incoming: [line(2000, 'c'), proxy(1800, 'late')],
      want: ['a', 'b', 'late', 'c'],
    },
    {
      name: 'keeps a line printed twice in the same millisecond twice',
      incoming: [line(2000, 'c'), line(2000, 'c')],
      want: ['a', 'b', 'c', 'c'],
    },
    { name: 'adds nothing when the poll repeats what is held', incoming: [...held], want: ['a', 'b', 'c'] },
    {
      name: 'keeps held lines before new ones at the same time',
      incoming: [line(2000, 'c2')],
      want: ['a', 'b', 'c', 'c2'],
    },
  ])('$name', ({ incoming, want }) => {
    expect(texts(mergeEntries(held, incoming, 100))).toEqual(want);
  });

  it('keeps only the newest lines beyond the limit', () => {
    expect(texts(mergeEntries(held, [line(3000, 'd')], 2))).toEqual(['c', 'd']);
  });
});

describe('shownEntries', () => {
  const all = [
    line(1, 'app0'),
    proxy(2, 'proxy0'),
    line(3, 'app1', { pod: 'reviews-v1-1' }),
    proxy(4, 'proxy1', 'reviews-v1-1'),
  ];
  it.each([
    {
      o: { pod: undefined, showApp: true, showProxy: true, tail: undefined },
      want: ['app0', 'proxy0', 'app1', 'proxy1'],
    },
    { o: { pod: undefined, showApp: true, showProxy: false, tail: undefined }, want: ['app0', 'app1'] },
    { o: { pod: undefined, showApp: false, showProxy: true, tail: undefined }, want: ['proxy0', 'proxy1'] },
    { o: { pod: 'reviews-v1-1', showApp: true, showProxy: true, tail: undefined }, want: ['app1', 'proxy1'] },
    { o: { pod: undefined, showApp: true, showProxy: true, tail: 3 }, want: ['proxy0', 'app1', 'proxy1'] },
    { o: { pod: undefined, showApp: false, showProxy: true, tail: 1 }, want: ['proxy1'] },
  ])('pod $o.pod, app $o.showApp, proxy $o.showProxy, tail $o.tail', ({ o, want }) => {
    expect(texts(shownEntries(all, o))).toEqual(want);
  });

  it('lists the pods and tells proxy lines from app lines', () => {
    expect(podsOf(all)).toEqual(['reviews-v1-0', 'reviews-v1-1']);
    expect(all.map(lineKind)).toEqual(['app', 'proxy', 'app', 'proxy']);
  });
});

describe('accessSummary', () => {
  const base = {
    authority: 'reviews:9080',
    bytes_received: '0',
    bytes_sent: '295',
    downstream_local: '-',
    downstream_remote: '-',
    duration: '12',
    forwarded_for: '-',
    method: 'GET',
    protocol: 'HTTP/1.1',
    request_id: 'r1',
    requested_server: '-',
    response_flags: '-',
    route_name: 'default',
    status_code: '503',
    tcp_service_time: '-',
    timestamp: '2026-11-30T23:36:44.152Z',
    upstream_cluster: 'outbound|9080||reviews.default.svc.cluster.local',
    upstream_failure_reason: '-',
    upstream_local: '-',
    upstream_service: '127.0.0.1:9080',
    upstream_service_time: '11',
    uri_param: '-',
    uri_path: '/reviews/0',
    user_agent: '-',
    response_code_details: 'via_upstream',
  };
  it.each([
    {
      name: 'an HTTP request',
      a: base,
      want: {
        request: 'GET /reviews/0',
        status: '503',
        duration: '12 ms',
        upstream: 'outbound|9080||reviews.default.svc.cluster.local',
        flags: undefined,
      },
    },
    {
      name: 'a TCP connection with flags',
      a: {
        ...base,
        method: '-',
        uri_path: '-',
        protocol: '-',
        status_code: '0',
        response_flags: 'UF',
        upstream_cluster: '-',
      },
      want: { request: 'TCP', status: '0', duration: '12 ms', upstream: '127.0.0.1:9080', flags: 'UF' },
    },
  ])('$name', ({ a, want }) => {
    expect(accessSummary(a)).toEqual(want);
  });
});

it('writes the lines as text, one a line', () => {
  expect(linesAsText([line(0, 'hello'), proxy(1, 'GET /')])).toBe(
    '1970-01-01 00:00:00.000 reviews-v1-0 reviews INFO hello\n' +
      '1970-01-01 00:00:00.001 reviews-v1-0 istio-proxy INFO GET /\n',
  );
});
