import type { RequestLabelOptions } from '@meshlens/mesh-core/telemetry';
import { istioExpectation, ISTIO_STATS_PEERS } from '@meshlens/mesh-core/telemetry/testing';
import { buildRequestLabels } from '@meshlens/mesh-core/telemetry';
import { describe, expect, it } from 'vitest';
import { createProxyMetrics } from './metrics.ts';

const { productpage, ratings } = ISTIO_STATS_PEERS;

/** A sample's labels as Envoy's /stats/prometheus prints them, from one of Istio's expectation files. */
function exposed(file: string, vars: Record<string, string>): string {
  const labels = istioExpectation(file, { vars }).samples[0]?.labels ?? {};
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',');
}

const base: RequestLabelOptions = {
  reporter: 'source',
  source: productpage,
  destination: ratings,
  destinationService: 'server.default.svc.cluster.local',
  responseFlags: [],
  mtls: false,
  requestProtocol: 'http',
  responseCode: 200,
};

const CLIENT = exposed('client_request_total.yaml.tmpl', { RequestCount: '1' });
// The server file with its defaults (no ResponseCodeClass, ResponseCode or gRPC status).
const SERVER = exposed('server_request_total.yaml.tmpl', { RequestCount: '1' });

function lines(text: string): string[] {
  return text.split('\n');
}

describe('Istio standard metrics on /stats/prometheus', () => {
  it('counts requests under client_request_total.yaml.tmpl labels, in Istio order', async () => {
    const metrics = createProxyMetrics();
    const recorder = metrics.recorderFor(buildRequestLabels(base));
    recorder.record(3, 0, 120);
    recorder.record(40, 0, 130);

    const text = lines(await metrics.exposition());
    expect(text).toContain('# TYPE istio_requests_total counter');
    expect(text).toContain(`istio_requests_total{${CLIENT}} 2`);
    // No `_total` doubling, no OpenMetrics suffixing.
    expect(text.some((line) => line.startsWith('istio_requests_total_total'))).toBe(false);
  });

  it('keeps reporter=destination series apart, as the server sidecar reports them', async () => {
    const metrics = createProxyMetrics();
    metrics.recorderFor(buildRequestLabels(base)).record(1, 0, 0);
    metrics.recorderFor(buildRequestLabels({ ...base, reporter: 'destination' })).record(1, 0, 0);

    const text = lines(await metrics.exposition());
    expect(text).toContain(`istio_requests_total{${CLIENT}} 1`);
    expect(text).toContain(`istio_requests_total{${SERVER}} 1`);
  });

  it('writes duration histograms over Envoy default buckets with le last, then +Inf, _sum, _count', async () => {
    const metrics = createProxyMetrics();
    const recorder = metrics.recorderFor(buildRequestLabels(base));
    recorder.record(0.4, 0, 0);
    recorder.record(3, 0, 0);
    recorder.record(700, 0, 0);

    const text = lines(await metrics.exposition());
    const name = 'istio_request_duration_milliseconds';
    expect(text).toContain(`# TYPE ${name} histogram`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="0.5"} 1`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="1"} 1`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="5"} 2`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="500"} 2`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="1000"} 3`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="3600000"} 3`);
    expect(text).toContain(`${name}_bucket{${CLIENT},le="+Inf"} 3`);
    expect(text).toContain(`${name}_sum{${CLIENT}} 703.4`);
    expect(text).toContain(`${name}_count{${CLIENT}} 3`);
    const buckets = text.filter((line) => line.startsWith(`${name}_bucket{`));
    expect(buckets.map((line) => /le="([^"]+)"/.exec(line)?.[1])).toEqual([
      ...['0.5', '1', '5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000'],
      ...['30000', '60000', '300000', '600000', '1800000', '3600000', '+Inf'],
    ]);
  });

  it('records request and response sizes in bytes', async () => {
    const metrics = createProxyMetrics();
    metrics.recorderFor(buildRequestLabels(base)).record(2, 20, 4000);

    const text = lines(await metrics.exposition());
    expect(text).toContain(`istio_request_bytes_bucket{${CLIENT},le="10"} 0`);
    expect(text).toContain(`istio_request_bytes_bucket{${CLIENT},le="25"} 1`);
    expect(text).toContain(`istio_request_bytes_sum{${CLIENT}} 20`);
    expect(text).toContain(`istio_response_bytes_bucket{${CLIENT},le="2500"} 0`);
    expect(text).toContain(`istio_response_bytes_bucket{${CLIENT},le="5000"} 1`);
    expect(text).toContain(`istio_response_bytes_count{${CLIENT}} 1`);
  });

  it('shares one series between recorders of equal label sets, whatever their key order', async () => {
    const metrics = createProxyMetrics();
    const labels = buildRequestLabels({ ...base, responseCode: 503, responseFlags: ['UH'] });
    const reversed = Object.fromEntries(Object.entries(labels).reverse()) as typeof labels;
    metrics.recorderFor(labels).record(1, 0, 19);
    metrics.recorderFor(reversed).record(1, 0, 19);

    const text = lines(await metrics.exposition());
    const failed = CLIENT.replace('response_code="200"', 'response_code="503"').replace(
      'response_flags="-"',
      'response_flags="UH"',
    );
    expect(text.filter((line) => line.startsWith('istio_requests_total{'))).toEqual([
      `istio_requests_total{${failed}} 2`,
    ]);
  });

  it('shows no Istio sample for a label set that never saw a request', async () => {
    const metrics = createProxyMetrics();
    metrics.recorderFor(buildRequestLabels(base));
    const text = await metrics.exposition();
    expect(text).not.toContain('istio_requests_total{');
    expect(text).not.toContain('istio_request_duration_milliseconds_bucket{');
  });

  it('does not let a NaN duration poison _sum', async () => {
    const metrics = createProxyMetrics();
    const recorder = metrics.recorderFor(buildRequestLabels(base));
    recorder.record(Number.NaN, 0, 0);
    recorder.record(2, 0, 0);
    const text = lines(await metrics.exposition());
    expect(text).toContain(`istio_request_duration_milliseconds_sum{${CLIENT}} 2`);
    expect(text).toContain(`istio_request_duration_milliseconds_count{${CLIENT}} 2`);
  });

  it('keeps each proxy in its own registry', async () => {
    const a = createProxyMetrics();
    const b = createProxyMetrics();
    a.recorderFor(buildRequestLabels(base)).record(1, 0, 0);
    expect(await b.exposition()).not.toContain('istio_requests_total{');
    expect(a.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});

describe('proxy counters on /stats/prometheus', () => {
  it('starts at 0 and counts protocol errors by kind, timeouts apart as Envoy does', async () => {
    const metrics = createProxyMetrics();
    const before = lines(await metrics.exposition());
    expect(before).toContain('envoy_http_downstream_cx_protocol_error{kind="header_too_large"} 0');
    expect(before).toContain('envoy_http_downstream_rq_timeout 0');

    metrics.countProtocolError('header_too_large');
    metrics.countProtocolError('header_too_large');
    metrics.countProtocolError('cl_and_te');
    metrics.countProtocolError('timeout');

    const text = lines(await metrics.exposition());
    expect(text).toContain('# TYPE envoy_http_downstream_cx_protocol_error counter');
    expect(text).toContain('envoy_http_downstream_cx_protocol_error{kind="header_too_large"} 2');
    expect(text).toContain('envoy_http_downstream_cx_protocol_error{kind="cl_and_te"} 1');
    expect(text).toContain('envoy_http_downstream_cx_protocol_error{kind="bad_request"} 0');
    expect(text).toContain('envoy_http_downstream_rq_timeout 1');
    expect(text.some((line) => line.includes('kind="timeout"'))).toBe(false);
  });

  it('counts downstream resets and upstream connect failures per cluster', async () => {
    const metrics = createProxyMetrics();
    metrics.countDownstreamReset();
    const cluster = 'outbound|9080|v1|reviews.default.svc.cluster.local';
    metrics.countUpstreamConnectFailure(cluster);
    metrics.countUpstreamConnectFailure(cluster);
    metrics.countUpstreamConnectFailure('outbound|9080||ratings.default.svc.cluster.local');

    const text = lines(await metrics.exposition());
    expect(text).toContain('envoy_http_downstream_rq_rx_reset 1');
    expect(text).toContain(`envoy_cluster_upstream_cx_connect_fail{cluster_name="${cluster}"} 2`);
    expect(text).toContain(
      'envoy_cluster_upstream_cx_connect_fail{cluster_name="outbound|9080||ratings.default.svc.cluster.local"} 1',
    );
  });
});
