import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSamples } from '../mesh/sidecar/testing/prometheus-text.ts';
import type { MetricsExporter } from './exporter.ts';
import { POD_METRICS_PATH, startExporter } from './exporter.ts';
import { meshSeries } from './series.ts';
import { generateMesh } from './topology.ts';

describe('metrics exporter over HTTP', () => {
  const mesh = generateMesh({ namespaces: 2, workloads: 10, seed: 5 });
  const pods = meshSeries(mesh);
  let clock = 1_000_000;
  let exporter: MetricsExporter;

  beforeAll(async () => {
    exporter = await startExporter({ pods, startMs: 1_000_000, port: 0, nowMs: () => clock });
  });
  afterAll(() => exporter.close());

  const get = async (path: string): Promise<{ status: number; type: string; body: string }> => {
    const r = await fetch(`${exporter.url}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
  };

  it('serves /metrics as Prometheus text, one group per metric, with every Istio standard metric', async () => {
    clock = 1_000_000 + 60_000;
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/plain; version=0.0.4');
    const names = [...r.body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(names).toEqual([
      'istio_requests_total counter',
      'istio_request_duration_milliseconds histogram',
      'istio_request_bytes histogram',
      'istio_response_bytes histogram',
      'istio_tcp_sent_bytes_total counter',
      'istio_tcp_received_bytes_total counter',
      'istio_tcp_connections_opened_total counter',
      'istio_tcp_connections_closed_total counter',
    ]);
    const samples = parseSamples(r.body);
    const lines = r.body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(samples).toHaveLength(lines.length);
    expect(samples.every((s) => Number.isFinite(s.value))).toBe(true);
    expect(samples.filter((s) => s.name === 'istio_requests_total' && s.value > 0).length).toBeGreaterThan(
      10,
    );
  });

  it('serves each pod its own series, and those counters grow between scrapes', async () => {
    const pod = pods.find((p) => p.http.length > 0);
    const path = `${POD_METRICS_PATH}?pod=${encodeURIComponent(`${pod?.workload.namespace}/${pod?.workload.pod}`)}`;
    const total = async (): Promise<number> =>
      parseSamples((await get(path)).body)
        .filter((s) => s.name === 'istio_requests_total')
        .reduce((sum, s) => sum + s.value, 0);
    clock = 1_000_000 + 100_000;
    const first = await total();
    clock = 1_000_000 + 200_000;
    expect(await total()).toBeGreaterThan(first);
    const own = parseSamples((await get(path)).body).filter((s) => s.name === 'istio_requests_total');
    for (const s of own) {
      const side = s.labels.reporter === 'source' ? s.labels.source_workload : s.labels.destination_workload;
      expect(side).toBe(pod?.workload.name);
    }
  });

  it('lists one scrape target per reporting pod, with its pod as URL parameter', async () => {
    const r = await get('/v1/prometheus/targets');
    const groups = JSON.parse(r.body) as Array<{ targets: string[]; labels: Record<string, string> }>;
    expect(groups).toHaveLength(pods.length);
    const gateway = groups.find((g) => g.labels.workload === 'istio-ingressgateway');
    expect(gateway?.targets).toEqual([exporter.address]);
    expect(gateway?.labels.__metrics_path__).toBe(POD_METRICS_PATH);
    expect(gateway?.labels.__param_pod).toBe(`istio-system/${gateway?.labels.pod ?? ''}`);
  });

  it('answers 404 naming the parameter for an unknown pod', async () => {
    const r = await get(`${POD_METRICS_PATH}?pod=nope/nope`);
    expect(r.status).toBe(404);
    expect(r.body).toContain('pod=<namespace>/<pod>');
  });
});
