/**
 * Istio's metrics and Envoy's spans from real sidecar processes: the samples each reporter
 * exposes on /stats/prometheus, and one trace holding the client and server spans of a request
 * that crossed two sidecars.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshHarness } from './testing/mesh-harness.ts';
import { startOtlpReceiver } from './testing/otlp-receiver.ts';
import type { OtlpReceiver, ReceivedSpan } from './testing/otlp-receiver.ts';
import { parseSamples } from './testing/prometheus-text.ts';
import { deployment, service } from './testing/yaml.ts';
import { istioExpectation } from '@meshlens/mesh-core/telemetry/testing';

const yaml = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('web') + deployment('web-v1', 'web', 'v1'),
  service('api') + deployment('api-v1', 'api', 'v2'),
];

async function stats(adminUrl: string): Promise<ReturnType<typeof parseSamples>> {
  return parseSamples(await (await fetch(`${adminUrl}/stats/prometheus`)).text());
}

const peer = (side: 'source' | 'destination', workload: string, app: string, version: string) => ({
  [`${side}_workload`]: workload,
  [`${side}_canonical_service`]: app,
  [`${side}_canonical_revision`]: version,
  [`${side}_workload_namespace`]: 'default',
  [`${side}_principal`]: 'unknown',
  [`${side}_app`]: app,
  [`${side}_version`]: version,
  [`${side}_cluster`]: 'Kubernetes',
});

describe('telemetry from real sidecars', () => {
  let mesh: MeshHarness;
  let otlp: OtlpReceiver;
  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    mesh = await MeshHarness.start(
      yaml,
      [{ workload: 'client-v1' }, { workload: 'web-v1' }, { workload: 'api-v1' }],
      {
        sidecarArgs: ['--trace-endpoint', otlp.url, '--trace-sampling', '100'],
      },
    );
  }, 60_000);
  afterAll(async () => {
    await mesh.stop();
    await otlp.close();
  });

  it('exposes istio_requests_total from each reporter with every standard label', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await mesh.send('client-v1', 'web:9080', '/');
      expect(r.status, r.body).toBe(200);
    }
    const expected = {
      ...peer('source', 'client-v1', 'client', 'v1'),
      ...peer('destination', 'web-v1', 'web', 'v1'),
      destination_service: 'web.default.svc.cluster.local',
      destination_service_name: 'web',
      destination_service_namespace: 'default',
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      response_flags: '-',
    };
    const client = (await stats(mesh.member('client-v1').sidecar.adminUrl)).filter(
      (s) => s.name === 'istio_requests_total' && s.labels.destination_workload === 'web-v1',
    );
    expect(client).toEqual([
      {
        name: 'istio_requests_total',
        labels: { reporter: 'source', ...expected, connection_security_policy: 'unknown' },
        value: 3,
      },
    ]);
    const server = (await stats(mesh.member('web-v1').sidecar.adminUrl)).filter(
      (s) => s.name === 'istio_requests_total' && s.labels.source_workload === 'client-v1',
    );
    expect(server).toEqual([
      {
        name: 'istio_requests_total',
        labels: { reporter: 'destination', ...expected, connection_security_policy: 'none' },
        value: 3,
      },
    ]);
  });

  it('records durations and sizes in histograms with Envoy buckets, and local replies with their flags', async () => {
    await mesh.send('client-v1', 'nowhere.default.svc.cluster.local:9080', '/');
    const samples = await stats(mesh.member('client-v1').sidecar.adminUrl);
    const buckets = samples.filter(
      (s) =>
        s.name === 'istio_request_duration_milliseconds_bucket' && s.labels.destination_workload === 'web-v1',
    );
    expect(buckets.map((b) => b.labels.le)).toEqual([
      '0.5',
      '1',
      '5',
      '10',
      '25',
      '50',
      '100',
      '250',
      '500',
      '1000',
      '2500',
      '5000',
      '10000',
      '30000',
      '60000',
      '300000',
      '600000',
      '1800000',
      '3600000',
      '+Inf',
    ]);
    expect(buckets.at(-1)?.value).toBe(3);
    for (const name of ['istio_request_bytes_count', 'istio_response_bytes_count'])
      expect(samples.find((s) => s.name === name && s.labels.destination_workload === 'web-v1')?.value).toBe(
        3,
      );
    const passthrough = samples.find(
      (s) => s.name === 'istio_requests_total' && s.labels.destination_service === 'PassthroughCluster',
    );
    expect(passthrough?.labels.destination_service_name).toBe('PassthroughCluster');
  });

  it('puts the client span and the server span of one request in one trace, with Envoy tags', async () => {
    const before = otlp.spans.length;
    const r = await mesh.send('client-v1', 'web:9080', '/items/1', { 'x-request-id': 'trace-me' });
    expect(r.status).toBe(200);
    const spans = await waitForSpans(otlp, (s) => s.attributes['guid:x-request-id'] === 'trace-me', 2);
    expect(otlp.spans.length).toBeGreaterThan(before);
    const client = spans.find((s) => s.kind === 3);
    const server = spans.find((s) => s.kind === 2);
    expect(client && server).toBeTruthy();
    if (!client || !server) return;
    expect(server.traceId).toBe(client.traceId);
    expect(server.parentSpanId).toBe(client.spanId);
    expect(client.name).toBe('web.default.svc.cluster.local:9080/*');
    expect(server.name).toBe('web.default.svc.cluster.local:9080/*');
    expect(client.attributes).toMatchObject({
      'http.method': 'GET',
      'http.url': 'http://web:9080/items/1',
      'http.status_code': '200',
      response_flags: '-',
      upstream_cluster: 'outbound|9080||web.default.svc.cluster.local',
      'istio.canonical_service': 'client',
      'istio.namespace': 'default',
      component: 'proxy',
    });
    expect(String(client.attributes.node_id)).toMatch(
      /^sidecar~127\.0\.0\.1~client-v1-0\.default~default\.svc\.cluster\.local$/,
    );
    expect(server.attributes).toMatchObject({
      'istio.canonical_service': 'web',
      upstream_cluster: 'inbound|9080||',
    });
    expect(client.serviceName).toBe('client.default');
    expect(server.serviceName).toBe('web.default');
  });

  it('continues a trace the caller started with B3 headers, and honours its sampling decision', async () => {
    const traceId = '463ac35c9f6413ad48485a3953bb6124';
    await mesh.send('client-v1', 'web:9080', '/', {
      'x-b3-traceid': traceId,
      'x-b3-spanid': 'a2fb4a1d1a96d312',
      'x-b3-sampled': '1',
      'x-request-id': 'b3-in',
    });
    const spans = await waitForSpans(otlp, (s) => s.attributes['guid:x-request-id'] === 'b3-in', 2);
    expect(spans.every((s) => s.traceId === traceId)).toBe(true);
    expect(spans.find((s) => s.kind === 3)?.parentSpanId).toBe('a2fb4a1d1a96d312');
    // The app behind the server sidecar sees the trace continued in both formats.
    const seen = mesh.member('web-v1').app?.seen.find((s) => s.headers['x-request-id'] === 'b3-in');
    expect(seen?.headers['x-b3-traceid']).toBe(traceId);
    expect(seen?.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    await mesh.send('client-v1', 'web:9080', '/', {
      'x-b3-traceid': '0af7651916cd43dd8448eb211c80319c',
      'x-b3-spanid': 'b7ad6b7169203331',
      'x-b3-sampled': '0',
      'x-request-id': 'not-sampled',
    });
    await mesh.send('client-v1', 'web:9080', '/', { 'x-request-id': 'after-unsampled' });
    await waitForSpans(otlp, (s) => s.attributes['guid:x-request-id'] === 'after-unsampled', 2);
    expect(otlp.spans.filter((s) => s.attributes['guid:x-request-id'] === 'not-sampled')).toEqual([]);
  });
  it('continues a W3C traceparent trace and propagates it in both formats', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await mesh.send('client-v1', 'web:9080', '/', {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      'x-request-id': 'w3c-in',
    });
    const spans = await waitForSpans(otlp, (s) => s.attributes['guid:x-request-id'] === 'w3c-in', 2);
    expect(spans.map((s) => s.traceId)).toEqual([traceId, traceId]);
    expect(spans.find((s) => s.kind === 3)?.parentSpanId).toBe('00f067aa0ba902b7');
    const seen = mesh.member('web-v1').app?.seen.find((s) => s.headers['x-request-id'] === 'w3c-in');
    expect(seen?.headers['x-b3-traceid']).toBe(traceId);
    expect(seen?.headers['x-b3-sampled']).toBe('1');
  });
});

async function waitForSpans(
  otlp: OtlpReceiver,
  match: (s: ReceivedSpan) => boolean,
  count: number,
): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = otlp.spans.filter(match);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("samples compared with Istio's expectation files", () => {
  // The workloads of istio/proxy's stats tests: productpage-v1 in client-cluster calls ratings-v1
  // in server-cluster through the Service `server`.
  const canonical = (name: string) => ({
    'service.istio.io/canonical-name': name,
    'service.istio.io/canonical-revision': 'version-1',
  });
  let mesh: MeshHarness;
  beforeAll(async () => {
    mesh = await MeshHarness.start(
      [
        deployment('productpage-v1', 'productpage', 'v1', 9080, 'default', canonical('productpage-v1')),
        deployment('ratings-v1', 'ratings', 'v1', 9080, 'default', canonical('ratings')),
        `apiVersion: v1
kind: Service
metadata: {name: server, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}]
`,
      ],
      [
        { workload: 'productpage-v1', args: ['--cluster-id', 'client-cluster'] },
        { workload: 'ratings-v1', args: ['--cluster-id', 'server-cluster'] },
      ],
    );
    for (let i = 0; i < 3; i++)
      expect((await mesh.send('productpage-v1', 'server:9080', '/ratings/0')).status).toBe(200);
  }, 60_000);
  afterAll(async () => mesh.stop());

  it.each([
    ['productpage-v1', 'client_request_total.yaml.tmpl'],
    ['ratings-v1', 'server_request_total.yaml.tmpl'],
  ])('%s exposes the sample of %s, label for label and in order', async (workload, file) => {
    const expected = istioExpectation(file, { vars: { RequestCount: '3' } });
    const samples = (await stats(mesh.member(workload).sidecar.adminUrl)).filter(
      (s) => s.name === expected.name,
    );
    expect(samples.map((s) => ({ value: s.value, labels: Object.entries(s.labels) }))).toEqual(
      expected.samples.map((s) => ({ value: s.value, labels: Object.entries(s.labels) })),
    );
  });
});
