import { describe, expect, it } from 'vitest';
import { localReply } from './local-replies.ts';
import type { HttpLabels, TcpLabels } from './metrics.ts';
import {
  ENVOY_DEFAULT_BUCKETS,
  ISTIO_HTTP_LABELS,
  ISTIO_REQUESTS_TOTAL,
  ISTIO_REQUEST_DURATION_MILLISECONDS,
  ISTIO_STANDARD_METRICS,
  ISTIO_TCP_CONNECTIONS_OPENED_TOTAL,
  ISTIO_TCP_LABELS,
} from './metrics.ts';
import {
  buildRequestLabels,
  buildTcpLabels,
  canonicalRevision,
  canonicalService,
  kubernetesServiceNamespace,
  orderedLabelValues,
} from './metric-labels.ts';
import type { PeerMetadata } from './peer-metadata.ts';
import { istioExpectation, ISTIO_STATS_PEERS } from './istio-expectations.test-support.ts';

const { productpage, ratings } = ISTIO_STATS_PEERS;
const SERVICE = 'server.default.svc.cluster.local';

/** The labels of the first sample of one of Istio's expectation files. */
function expectedLabels(file: string, vars: Record<string, string> = {}): Readonly<Record<string, string>> {
  const labels = istioExpectation(file, { vars }).samples[0]?.labels;
  if (!labels) throw new Error(`${file} has no sample`);
  return labels;
}

describe('buildRequestLabels against the expected samples', () => {
  it('client_request_total.yaml.tmpl (GrpcResponseStatus empty)', () => {
    const expected = expectedLabels('client_request_total.yaml.tmpl', { RequestCount: '1' });
    const labels: HttpLabels = buildRequestLabels({
      reporter: 'source',
      source: productpage,
      destination: ratings,
      destinationService: SERVICE,
      requestProtocol: 'http',
      responseCode: 200,
      responseFlags: [],
      mtls: false,
    });
    expect(labels).toEqual(expected);
    expect(Object.keys(labels)).toEqual(Object.keys(expected));
    expect(Object.keys(labels)).toEqual([...ISTIO_HTTP_LABELS]);
  });

  it('server_request_total.yaml.tmpl (GrpcResponseStatus "0", so request_protocol grpc)', () => {
    expect(
      buildRequestLabels({
        reporter: 'destination',
        source: productpage,
        destination: ratings,
        destinationService: SERVICE,
        requestProtocol: 'grpc',
        responseCode: 200,
        grpcStatus: 0,
        responseFlags: [],
        mtls: false,
      }),
    ).toEqual(
      expectedLabels('server_request_total.yaml.tmpl', { RequestCount: '1', GrpcResponseStatus: '0' }),
    );
  });

  it("carries a local reply's status and flags", () => {
    const reply = localReply({ reason: 'no_healthy_upstream' });
    const labels = buildRequestLabels({
      reporter: 'source',
      source: productpage,
      destination: undefined,
      destinationService: SERVICE,
      requestProtocol: 'http',
      responseCode: reply.status,
      responseFlags: reply.flags,
      mtls: false,
    });
    expect(labels).toMatchObject({ response_code: '503', response_flags: 'UH' });
  });

  it("keeps the service's namespace from the cluster's metadata when no peer answered (istio/proxy#5617)", () => {
    const reply = localReply({ reason: 'fault_abort', status: 503 });
    const options = {
      reporter: 'source',
      source: productpage,
      destination: undefined,
      destinationService: 'ratings.default.svc.cluster.local',
      requestProtocol: 'http',
      responseCode: reply.status,
      responseFlags: reply.flags,
      mtls: false,
    } as const;
    expect(buildRequestLabels({ ...options, destinationServiceNamespace: 'default' })).toMatchObject({
      destination_service_namespace: 'default',
      destination_workload_namespace: 'unknown',
      response_flags: 'FI',
    });
    // A cluster without metadata: the peer's namespace, unknown here.
    expect(buildRequestLabels(options).destination_service_namespace).toBe('unknown');
  });
});

describe('kubernetesServiceNamespace', () => {
  it('reads the namespace of a Kubernetes service host, and nothing else', () => {
    expect(kubernetesServiceNamespace('ratings.default.svc.cluster.local')).toBe('default');
    expect(kubernetesServiceNamespace('reviews.bookinfo.svc')).toBe('bookinfo');
    expect(kubernetesServiceNamespace('ratings')).toBeUndefined();
    expect(kubernetesServiceNamespace('ratings.default')).toBeUndefined();
    expect(kubernetesServiceNamespace('api.example.com')).toBeUndefined();
    expect(kubernetesServiceNamespace('a.b.svcx.cluster.local')).toBeUndefined();
    expect(kubernetesServiceNamespace('BlackHoleCluster')).toBeUndefined();
  });
});

describe('buildTcpLabels against the expected samples', () => {
  it('tcp_server_connection_open.yaml.tmpl (AppVersionFallback false, mTLS)', () => {
    const expected = expectedLabels('tcp_server_connection_open.yaml.tmpl', { AppVersionFallback: 'false' });
    const labels: TcpLabels = buildTcpLabels({
      reporter: 'destination',
      source: productpage,
      destination: ratings,
      destinationService: SERVICE,
      responseFlags: [],
      mtls: true,
    });
    expect(labels).toEqual(expected);
    expect(Object.keys(labels)).toEqual(Object.keys(expected));
    expect(Object.keys(labels)).toEqual([...ISTIO_TCP_LABELS]);
  });

  it('tcp_server_connection_open.yaml.tmpl (AppVersionFallback true, peer without app/version)', () => {
    const { app: _app, version: _version, ...canonicalOnly } = productpage.labels;
    const labels = buildTcpLabels({
      reporter: 'destination',
      source: { ...productpage, labels: canonicalOnly },
      destination: ratings,
      destinationService: SERVICE,
      responseFlags: [],
      mtls: true,
      appVersionFallback: true,
    });
    expect(labels).toEqual(
      expectedLabels('tcp_server_connection_open.yaml.tmpl', { AppVersionFallback: 'true' }),
    );
  });

  it('tcp_client_sent_bytes_unknown.yaml.tmpl (destination without metadata)', () => {
    expect(
      buildTcpLabels({
        reporter: 'source',
        source: productpage,
        destination: undefined,
        destinationService: SERVICE,
        responseFlags: [],
        mtls: false,
      }),
    ).toEqual(expectedLabels('tcp_client_sent_bytes_unknown.yaml.tmpl'));
  });
});

describe('canonical service and revision', () => {
  const peer = (labels: Record<string, string>): PeerMetadata => ({
    ...ratings,
    workloadName: 'ratings-v1',
    labels,
  });
  it.each([
    [{ 'service.istio.io/canonical-name': 'a', 'app.kubernetes.io/name': 'b', app: 'c' }, 'a'],
    [{ 'app.kubernetes.io/name': 'b', app: 'c' }, 'b'],
    [{ app: 'c' }, 'c'],
    [{}, 'ratings-v1'],
  ])('service from %j is %s', (labels, expected) => {
    expect(canonicalService(peer(labels))).toBe(expected);
  });
  it.each([
    [{ 'service.istio.io/canonical-revision': 'r', 'app.kubernetes.io/version': 's' }, 'r'],
    [{ 'app.kubernetes.io/version': 's', version: 'v' }, 's'],
    [{ version: 'v' }, 'v'],
    [{}, 'latest'],
  ])('revision from %j is %s', (labels, expected) => {
    expect(canonicalRevision(peer(labels))).toBe(expected);
  });
});

describe('metric definitions', () => {
  it('names, types and label sets', () => {
    expect(ISTIO_STANDARD_METRICS.map((m) => [m.name, m.type])).toEqual([
      ['istio_requests_total', 'counter'],
      ['istio_request_duration_milliseconds', 'histogram'],
      ['istio_request_bytes', 'histogram'],
      ['istio_response_bytes', 'histogram'],
      ['istio_tcp_sent_bytes_total', 'counter'],
      ['istio_tcp_received_bytes_total', 'counter'],
      ['istio_tcp_connections_opened_total', 'counter'],
      ['istio_tcp_connections_closed_total', 'counter'],
    ]);
    for (const metric of ISTIO_STANDARD_METRICS) {
      expect(metric.help).not.toBe('');
      expect(metric.labelNames).toEqual(
        metric.name.startsWith('istio_tcp_') ? ISTIO_TCP_LABELS : ISTIO_HTTP_LABELS,
      );
      expect(metric.buckets === undefined).toBe(metric.type === 'counter');
    }
  });

  it("uses Envoy's default buckets, ascending", () => {
    expect(ISTIO_REQUEST_DURATION_MILLISECONDS.buckets).toEqual([
      0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
      3600000,
    ]);
    expect([...ENVOY_DEFAULT_BUCKETS].sort((a, b) => a - b)).toEqual([...ENVOY_DEFAULT_BUCKETS]);
  });

  it('orders label values by definition', () => {
    const labels = buildTcpLabels({
      reporter: 'source',
      source: productpage,
      destination: ratings,
      destinationService: SERVICE,
      responseFlags: ['UF', 'URX'],
      mtls: false,
    });
    const values = orderedLabelValues(ISTIO_TCP_CONNECTIONS_OPENED_TOTAL, labels);
    expect(values[0]).toBe('source');
    expect(values.at(-2)).toBe('UF,URX');
    expect(orderedLabelValues(ISTIO_REQUESTS_TOTAL, labels)).toHaveLength(25);
  });
});
