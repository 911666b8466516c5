import { describe, expect, it } from 'vitest';
import { renderPromQL } from '../graph/promql.ts';
import type { MetricName } from './definitions.ts';
import type { MetricsQuery, MetricsTarget } from './params.ts';
import { parseMetricsParams } from './params.ts';
import { metricsQueries } from './queries.ts';

function rendered(
  target: MetricsTarget,
  params: string,
  metrics?: readonly MetricName[],
): Record<string, string> {
  const parsed = parseMetricsParams(new URLSearchParams(params), { target, nowSec: 0 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const query: MetricsQuery = metrics ? { ...parsed.query, metrics } : parsed.query;
  return Object.fromEntries(
    metricsQueries(target, query, query.rateIntervalSec).map((q) => [q.id, renderPromQL(q.expr)]),
  );
}

const ns: MetricsTarget = { kind: 'namespace', namespace: 'bookinfo' };
const app: MetricsTarget = { kind: 'app', namespace: 'bookinfo', name: 'reviews' };
const workload: MetricsTarget = { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v1' };
const service: MetricsTarget = { kind: 'service', namespace: 'bookinfo', name: 'reviews' };

describe('metricsQueries', () => {
  it.each([
    [
      'a namespace, outbound (the default)',
      ns,
      '',
      'sum(rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo"}[60s])) by ()',
    ],
    [
      'an app, inbound, by its canonical service',
      app,
      'direction=inbound&reporter=destination',
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",' +
        'destination_canonical_service="reviews"}[60s])) by ()',
    ],
    [
      'an app, outbound',
      app,
      'reporter=destination',
      'sum(rate(istio_requests_total{reporter="destination",source_workload_namespace="bookinfo",' +
        'source_canonical_service="reviews"}[60s])) by ()',
    ],
    [
      'a workload, both reporters, split by labels, irate',
      workload,
      'reporter=both&byLabels[]=destination_workload&byLabels[]=response_code&rateFunc=irate&rateInterval=5m',
      'sum(irate(istio_requests_total{source_workload_namespace="bookinfo",source_workload="reviews-v1"}[300s])) ' +
        'by (destination_workload,response_code)',
    ],
    [
      'a service, with protocol, cluster and ambient waypoints',
      service,
      'direction=inbound&reporter=destination&requestProtocol=http&clusterName=east&includeAmbient=true',
      'sum(rate(istio_requests_total{reporter=~"destination|waypoint",destination_service_name="reviews",' +
        'destination_service_namespace="bookinfo",request_protocol="http",destination_cluster="east"}[60s])) by ()',
    ],
  ])('request_count of %s', (_name, target, params, expected) => {
    expect(rendered(target, params, ['request_count'])).toEqual({ request_count: expected });
  });

  it('counts errors as failed HTTP responses or, unless http, gRPC errors on an HTTP success', () => {
    const sel = 'reporter="source",source_workload_namespace="bookinfo",source_workload="reviews-v1"';
    expect(rendered(workload, '', ['request_error_count'])).toEqual({
      request_error_count:
        `sum(rate(istio_requests_total{${sel},response_code=~"^0$|^[4-5]\\\\d\\\\d$"}[60s])) by () or ` +
        `sum(rate(istio_requests_total{${sel},grpc_response_status=~"^[1-9]$|^1[0-6]$",` +
        `response_code!~"^0$|^[4-5]\\\\d\\\\d$"}[60s])) by ()`,
    });
    expect(rendered(workload, 'requestProtocol=HTTP', ['request_error_count'])).toEqual({
      request_error_count: `sum(rate(istio_requests_total{${sel},request_protocol="HTTP",response_code=~"^0$|^[4-5]\\\\d\\\\d$"}[60s])) by ()`,
    });
  });

  it('answers a histogram as its average and its quantiles, always with rate, stats in Kiali’s order', () => {
    const sel = 'reporter="source",source_workload_namespace="bookinfo",source_workload="reviews-v1"';
    const q = rendered(
      workload,
      'rateFunc=irate&quantiles[]=0.99&quantiles[]=0.5&byLabels[]=destination_workload',
      ['request_duration_millis'],
    );
    expect(Object.keys(q)).toEqual([
      'request_duration_millis:0.5',
      'request_duration_millis:0.99',
      'request_duration_millis:avg',
    ]);
    expect(q['request_duration_millis:avg']).toBe(
      `sum(rate(istio_request_duration_milliseconds_sum{${sel}}[60s])) by (destination_workload) / ` +
        `sum(rate(istio_request_duration_milliseconds_count{${sel}}[60s])) by (destination_workload)`,
    );
    expect(q['request_duration_millis:0.99']).toBe(
      `histogram_quantile(0.99,sum(rate(istio_request_duration_milliseconds_bucket{${sel}}[60s])) ` +
        'by (le,destination_workload))',
    );
    expect(Object.keys(rendered(workload, 'avg=false', ['request_size']))).toEqual([]);
  });

  it.each([
    ['request_count', 'istio_requests_total'],
    ['request_throughput', 'istio_request_bytes_sum'],
    ['response_throughput', 'istio_response_bytes_sum'],
    ['grpc_sent', 'istio_request_messages_total'],
    ['grpc_received', 'istio_response_messages_total'],
    // Istio names L4 bytes from the other side; Kiali swaps them back.
    ['tcp_sent', 'istio_tcp_received_bytes_total'],
    ['tcp_received', 'istio_tcp_sent_bytes_total'],
    ['tcp_opened', 'istio_tcp_connections_opened_total'],
    ['tcp_closed', 'istio_tcp_connections_closed_total'],
    ['request_size:avg', 'istio_request_bytes_sum'],
    ['response_size:avg', 'istio_response_bytes_sum'],
  ])('%s is computed from %s', (id, series) => {
    expect(rendered(ns, '')[id]).toContain(`(${series}{`);
  });

  it('queries every metric when none is named: counters once, histograms once per stat', () => {
    expect(Object.keys(rendered(ns, 'quantiles[]=0.95'))).toHaveLength(10 + 3 * 2);
  });

  it('escapes names so a label value cannot break out of its matcher', () => {
    const evil: MetricsTarget = { kind: 'workload', namespace: 'default', name: 'a"} or vector(1) #' };
    expect(rendered(evil, '', ['request_count']).request_count).toContain(
      'source_workload="a\\"} or vector(1) #"',
    );
  });
});
