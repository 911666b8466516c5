import { describe, expect, it } from 'vitest';
import { parseSamples } from '../mesh/sidecar/testing/prometheus-text.ts';
import { expositionText } from './exposition.ts';
import { meshSeries } from './series.ts';
import { EXTERNAL_HOST, GATEWAY_WORKLOAD, generateMesh } from './topology.ts';

const shape = { namespaces: 1, workloads: 300, seed: 7 };

describe('generateMesh', () => {
  it('gives the same mesh for the same seed and another for another seed', () => {
    expect(generateMesh(shape)).toEqual(generateMesh(shape));
    expect(generateMesh({ ...shape, seed: 8 }).edges).not.toEqual(generateMesh(shape).edges);
  });

  it('has the asked workloads and about 1,000 edges for 1 namespace × 300 workloads', () => {
    const mesh = generateMesh(shape);
    expect(mesh.workloads.filter((w) => w.namespace === 'sim-00')).toHaveLength(300);
    expect(mesh.edges.length).toBeGreaterThanOrEqual(950);
    expect(mesh.edges.length).toBeLessThanOrEqual(1100);
  });

  it('has gateway, TCP, unknown-source, external and failing edges, and cross-namespace calls with several namespaces', () => {
    const mesh = generateMesh({ namespaces: 3, workloads: 40, seed: 3 });
    const edges = mesh.edges;
    expect(edges.some((e) => e.source?.name === GATEWAY_WORKLOAD)).toBe(true);
    expect(edges.some((e) => e.protocol === 'tcp' && e.destination?.app === 'mysqldb')).toBe(true);
    expect(edges.some((e) => e.source === undefined)).toBe(true);
    expect(edges.some((e) => e.destinationService === EXTERNAL_HOST && e.destination === undefined)).toBe(
      true,
    );
    const codes = new Set(edges.flatMap((e) => e.outcomes.map((o) => o.code)));
    expect(codes.has(200)).toBe(true);
    expect([404, 500, 503, 0].some((c) => codes.has(c))).toBe(true);
    expect(
      edges.some(
        (e) =>
          e.source?.kind === 'sidecar' &&
          e.destination !== undefined &&
          e.source.namespace !== e.destination.namespace,
      ),
    ).toBe(true);
    for (const app of new Set(mesh.workloads.map((w) => `${w.namespace}/${w.app}`))) {
      const versions = mesh.workloads.filter((w) => `${w.namespace}/${w.app}` === app).length;
      expect(versions).toBeGreaterThanOrEqual(1);
      expect(versions).toBeLessThanOrEqual(3);
    }
  });
});

describe('simulated telemetry', () => {
  const mesh = generateMesh({ namespaces: 1, workloads: 20, seed: 1 });
  const pods = meshSeries(mesh);
  const at = (sec: number) => parseSamples(expositionText(pods, sec));

  it('reports an edge between two sidecars from both sides, with mTLS principals', () => {
    const edge = mesh.edges.find(
      (e) => e.source?.kind === 'sidecar' && e.destination !== undefined && e.protocol === 'http',
    );
    expect(edge).toBeDefined();
    const requests = at(60).filter(
      (s) =>
        s.name === 'istio_requests_total' &&
        s.labels.source_workload === edge?.source?.name &&
        s.labels.destination_workload === edge?.destination?.name &&
        s.labels.response_code === '200',
    );
    expect(requests.map((s) => s.labels.reporter).sort()).toEqual(['destination', 'source']);
    const destination = requests.find((s) => s.labels.reporter === 'destination');
    expect(destination?.labels.connection_security_policy).toBe('mutual_tls');
    expect(destination?.labels.source_principal).toBe(
      `spiffe://cluster.local/ns/sim-00/sa/${edge?.source?.serviceAccount ?? ''}`,
    );
  });

  it('reports requests from a client without a sidecar only from the destination', () => {
    const unknown = at(60).filter(
      (s) => s.name === 'istio_requests_total' && s.labels.source_workload === 'unknown',
    );
    expect(unknown.length).toBeGreaterThan(0);
    expect(new Set(unknown.map((s) => s.labels.reporter))).toEqual(new Set(['destination']));
  });

  it('advances counters with time, at the edge rate', () => {
    const total = (sec: number) =>
      at(sec)
        .filter((s) => s.name === 'istio_requests_total' && s.labels.reporter === 'source')
        .reduce((sum, s) => sum + s.value, 0);
    const rate = mesh.edges
      .filter((e) => e.source !== undefined && e.protocol === 'http')
      .reduce(
        (sum, e) =>
          sum +
          e.outcomes.filter((o) => o.sourceFlags !== undefined).reduce((a, o) => a + e.rate * o.share, 0),
        0,
      );
    const grown = (total(1_000) - total(500)) / 500;
    expect(total(1_000)).toBeGreaterThan(total(500));
    expect(grown).toBeGreaterThan(rate * 0.95);
    expect(grown).toBeLessThan(rate * 1.05);
  });

  it('fills histograms whose +Inf bucket equals their count, and TCP byte counters', () => {
    const samples = at(120);
    const inf = samples.filter(
      (s) => s.name === 'istio_request_duration_milliseconds_bucket' && s.labels.le === '+Inf',
    );
    const counts = samples.filter((s) => s.name === 'istio_request_duration_milliseconds_count');
    expect(inf.map((s) => s.value)).toEqual(counts.map((s) => s.value));
    expect(samples.some((s) => s.name === 'istio_tcp_sent_bytes_total' && s.value > 0)).toBe(true);
    expect(samples.some((s) => s.name === 'istio_request_bytes_sum' && s.value > 0)).toBe(true);
  });
});

describe('simulated series', () => {
  it('never repeats a label set within a pod (Prometheus would drop the repeat)', () => {
    for (const pod of meshSeries(generateMesh({ namespaces: 2, workloads: 60, seed: 4 }))) {
      const labels = [...pod.http, ...pod.tcp].map((s) => s.labels);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
