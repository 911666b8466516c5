import { describe, expect, it } from 'vitest';
import { bookinfoOptions } from './graph.test-support.ts';
import type { PromExpr } from './promql.ts';
import { renderPromQL } from './promql.ts';
import { namespaceSafeDurationSec, planGraphQueries, renderGraphQueries } from './queries.ts';

const GROUP_BY =
  'source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags';

/** Kiali writes `{…} [600s]`; PromQL ignores the space, Meshlens omits it. */
const first = (plan: ReturnType<typeof planGraphQueries>): PromExpr => {
  const [q] = plan;
  if (q === undefined) throw new Error('empty plan');
  return q.expr;
};

const kiali = (query: string): string => `round(${query.replace('} [', '}[')},0.001)`;

describe('planGraphQueries', () => {
  it('issues Kiali’s three request queries per namespace, in Kiali’s order', () => {
    const plan = renderGraphQueries(planGraphQueries(bookinfoOptions()));
    const http = plan.filter((q) => q.id.includes(':traffic:istio_requests_total'));
    expect(http.map((q) => q.query)).toEqual([
      kiali(
        `sum(rate(istio_requests_total{reporter="source",source_workload_namespace!="bookinfo",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\\\.bookinfo\\\\..+$"} [600s])) by (${GROUP_BY}) > 0`,
      ),
      kiali(
        `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"} [600s])) by (${GROUP_BY}) > 0`,
      ),
      kiali(
        `sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"} [600s])) by (${GROUP_BY}) > 0`,
      ),
    ]);
  });

  it('keeps zero rates when idle edges are requested', () => {
    const plan = planGraphQueries(bookinfoOptions({ includeIdleEdges: true, appenders: [] }));
    for (const q of plan) expect(renderPromQL(q.expr)).not.toContain('> 0');
  });

  it.each([
    [
      { grpc: 'requests', http: 'requests', tcp: 'sent' },
      ['istio_requests_total', 'istio_tcp_received_bytes_total'],
    ],
    [
      { grpc: 'requests', http: 'requests', tcp: 'received' },
      ['istio_requests_total', 'istio_tcp_sent_bytes_total'],
    ],
    [
      { grpc: 'total', http: 'none', tcp: 'total' },
      [
        'istio_request_messages_total',
        'istio_response_messages_total',
        'istio_tcp_received_bytes_total',
        'istio_tcp_sent_bytes_total',
      ],
    ],
    [{ grpc: 'none', http: 'none', tcp: 'none' }, []],
  ] as const)('rates %j query %j', (rates, metrics) => {
    const plan = planGraphQueries(bookinfoOptions({ rates, appenders: [] }));
    expect([...new Set(plan.map((q) => q.metric))]).toEqual(metrics);
    expect(plan.length).toBe(metrics.length * 3);
  });

  it('adds the queries of requested appenders that read Prometheus', () => {
    const all = planGraphQueries(bookinfoOptions({ namespaces: ['bookinfo', 'default'] }));
    expect(all.filter((q) => q.namespace === 'default').map((q) => q.purpose)).toEqual([
      ...Array<string>(6).fill('traffic'),
      'responseTime',
      'responseTime',
      'securityPolicy',
      'securityPolicy',
      'throughput',
      'throughput',
    ]);
    const some = planGraphQueries(bookinfoOptions({ appenders: ['securityPolicy'] }));
    expect(new Set(some.map((q) => q.purpose))).toEqual(new Set(['traffic', 'securityPolicy']));
  });

  it.each([
    [
      '95',
      'round(histogram_quantile(0.95,sum(rate(istio_request_duration_milliseconds_bucket{reporter=~"destination|waypoint",destination_service_namespace="bookinfo"}[600s])) by (le,',
    ],
    [
      'avg',
      'round((sum(rate(istio_request_duration_milliseconds_sum{reporter=~"destination|waypoint",destination_service_namespace="bookinfo"}[600s])) by (source_cluster,',
    ],
  ] as const)('asks for response time %s from destination telemetry first', (responseTime, prefix) => {
    const plan = planGraphQueries(bookinfoOptions({ responseTime, appenders: ['responseTime'] }));
    const first = plan.find((q) => q.purpose === 'responseTime');
    expect(first === undefined ? '' : renderPromQL(first.expr)).toContain(prefix);
  });

  it('reads security policy from destination telemetry, requests and TCP bytes together', () => {
    const plan = planGraphQueries(
      bookinfoOptions({
        appenders: ['securityPolicy'],
        rates: { grpc: 'none', http: 'requests', tcp: 'total' },
      }),
    );
    const q = plan.find((x) => x.purpose === 'securityPolicy');
    const text = q === undefined ? '' : renderPromQL(q.expr);
    expect(text.match(/ or /g)).toHaveLength(2);
    expect(text).toContain(
      'istio_tcp_sent_bytes_total{reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}',
    );
    expect(text).toContain('connection_security_policy');
  });

  it('uses a shorter range for a namespace younger than the requested duration', () => {
    const options = bookinfoOptions({ appenders: [] });
    const plan = planGraphQueries(options, new Map([['bookinfo', 120]]));
    expect(renderPromQL(first(plan))).toContain('[120s]');
    expect(namespaceSafeDurationSec({ requestedSec: 600, queryTimeSec: 1000, createdSec: 880 })).toBe(120);
    expect(namespaceSafeDurationSec({ requestedSec: 600, queryTimeSec: 1000, createdSec: 100 })).toBe(600);
    expect(
      namespaceSafeDurationSec({ requestedSec: 600, queryTimeSec: 1000, createdSec: 1000 }),
    ).toBeUndefined();
  });

  it('escapes a namespace inside the service-host regex', () => {
    const plan = planGraphQueries(bookinfoOptions({ namespaces: ['a.b'], appenders: [] }));
    expect(renderPromQL(first(plan))).toContain('destination_service=~"^.+\\\\.a\\\\.b\\\\..+$"');
  });
});
