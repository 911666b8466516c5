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
  orderedLabelValues,
} from './metric-labels.ts';
import type { PeerMetadata } from './peer-metadata.ts';

// The peers of istio/proxy's stats tests: the expected samples below are transcribed by hand
// from ../shared/istio/proxy-metric-expectations/ (label names, order and values; template
// variables resolved as noted). Tests may not read those files, so they are copied here.
const productpage: PeerMetadata = {
  name: 'productpage-v1-84975bc778-pxz2w',
  namespace: 'default',
  workloadName: 'productpage-v1',
  clusterId: 'client-cluster',
  serviceAccount: 'client',
  labels: {
    app: 'productpage',
    version: 'v1',
    'service.istio.io/canonical-name': 'productpage-v1',
    'service.istio.io/canonical-revision': 'version-1',
  },
};
const ratings: PeerMetadata = {
  name: 'ratings-v1-58b8d8c8d4-k2lxn',
  namespace: 'default',
  workloadName: 'ratings-v1',
  clusterId: 'server-cluster',
  serviceAccount: 'server',
  labels: {
    app: 'ratings',
    version: 'v1',
    'service.istio.io/canonical-name': 'ratings',
    'service.istio.io/canonical-revision': 'version-1',
  },
};
const SERVICE = 'server.default.svc.cluster.local';

/** Labels shared by every sample between productpage-v1 and ratings-v1 without mTLS. */
const peers = {
  source_workload: 'productpage-v1',
  source_canonical_service: 'productpage-v1',
  source_canonical_revision: 'version-1',
  source_workload_namespace: 'default',
  source_principal: 'unknown',
  source_app: 'productpage',
  source_version: 'v1',
  source_cluster: 'client-cluster',
  destination_workload: 'ratings-v1',
  destination_workload_namespace: 'default',
  destination_principal: 'unknown',
  destination_app: 'ratings',
  destination_version: 'v1',
  destination_service: SERVICE,
  destination_canonical_service: 'ratings',
  destination_canonical_revision: 'version-1',
  destination_service_name: 'server',
  destination_service_namespace: 'default',
  destination_cluster: 'server-cluster',
};

describe('buildRequestLabels against the expected samples', () => {
  it('client_request_total.yaml.tmpl (GrpcResponseStatus empty)', () => {
    const expected: HttpLabels = {
      reporter: 'source',
      ...peers,
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      response_flags: '-',
      connection_security_policy: 'unknown',
    };
    const labels = buildRequestLabels({
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
    ).toEqual({
      reporter: 'destination',
      ...peers,
      request_protocol: 'grpc',
      response_code: '200',
      grpc_response_status: '0',
      response_flags: '-',
      connection_security_policy: 'none',
    });
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
});

describe('buildTcpLabels against the expected samples', () => {
  it('tcp_server_connection_open.yaml.tmpl (AppVersionFallback false, mTLS)', () => {
    const expected: TcpLabels = {
      reporter: 'destination',
      ...peers,
      source_principal: 'spiffe://cluster.local/ns/default/sa/client',
      destination_principal: 'spiffe://cluster.local/ns/default/sa/server',
      request_protocol: 'tcp',
      response_flags: '-',
      connection_security_policy: 'mutual_tls',
    };
    const labels = buildTcpLabels({
      reporter: 'destination',
      source: productpage,
      destination: ratings,
      destinationService: SERVICE,
      responseFlags: [],
      mtls: true,
    });
    expect(labels).toEqual(expected);
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
    expect(labels).toMatchObject({ source_app: 'productpage-v1', source_version: 'version-1' });
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
    ).toEqual({
      reporter: 'source',
      ...peers,
      destination_workload: 'unknown',
      destination_workload_namespace: 'unknown',
      destination_principal: 'unknown',
      destination_app: 'unknown',
      destination_version: 'unknown',
      destination_canonical_service: 'unknown',
      destination_canonical_revision: 'latest',
      destination_service_namespace: 'unknown',
      destination_cluster: 'unknown',
      request_protocol: 'tcp',
      response_flags: '-',
      connection_security_policy: 'unknown',
    });
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
