import { metricsMapSchema } from '@meshlens/mesh-core/api/metrics';
import type { MetricsTarget } from '@meshlens/mesh-core/metrics';
import { parseMetricsParams } from '@meshlens/mesh-core/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrometheusError } from '../../adapters/prometheus/client/index.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from '../testing/bookinfo-mesh.ts';
import type { RangeAnswer } from '../testing/metrics-fake-prometheus.ts';
import { FakeRangePrometheus } from '../testing/metrics-fake-prometheus.ts';
import { createMetricsService } from './metrics-service.ts';

let mesh: MeshState;
let createdSec: number;
beforeAll(async () => {
  mesh = await bookinfoMeshState();
  createdSec = mesh.namespaceCreatedSec.get('default') ?? Number.NaN;
});

/** An hour after the test mesh's namespaces came to exist: they lived through the whole range. */
const later = (): number => createdSec + 3600;

async function metrics(
  target: MetricsTarget,
  params: string,
  answer: (query: string) => RangeAnswer = () => undefined,
) {
  const prometheus = new FakeRangePrometheus(answer);
  const service = createMetricsService({ prometheus, mesh: { read: () => Promise.resolve(mesh) } });
  const parsed = parseMetricsParams(new URLSearchParams(params), { target, nowSec: later() });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const body = await service.metrics({ target, query: parsed.query });
  return { body: metricsMapSchema.parse(body), prometheus };
}

const reviewsV2 = { destination_workload: 'reviews-v2' };

describe('metrics service', () => {
  it('answers a workload’s outbound request rate per destination, over the range asked', async () => {
    const target: MetricsTarget = { kind: 'workload', namespace: 'default', name: 'productpage-v1' };
    const { body, prometheus } = await metrics(
      target,
      `filters[]=request_count&byLabels[]=destination_workload&queryTime=${later()}&duration=600&step=60`,
      (q) =>
        q.includes('source_workload="productpage-v1"')
          ? [
              { metric: { destination_workload: 'details-v1' }, values: [[later(), 2]] },
              {
                metric: reviewsV2,
                values: [
                  [later() - 60, 4.5],
                  [later(), 5],
                ],
              },
            ]
          : undefined,
    );
    expect(prometheus.calls).toEqual([
      {
        query:
          'sum(rate(istio_requests_total{reporter="source",source_workload_namespace="default",' +
          'source_workload="productpage-v1"}[60s])) by (destination_workload)',
        startSeconds: Math.floor((later() - 600) / 60) * 60,
        endSeconds: later(),
        stepSeconds: 60,
      },
    ]);
    expect(body).toEqual({
      request_count: [
        {
          labels: { destination_workload: 'details-v1' },
          datapoints: [[later(), '2']],
          name: 'request_count',
        },
        {
          labels: reviewsV2,
          datapoints: [
            [later() - 60, '4.5'],
            [later(), '5'],
          ],
          name: 'request_count',
        },
      ],
    });
  });

  it('runs every query at once over one range, and answers every metric asked for', async () => {
    const target: MetricsTarget = { kind: 'app', namespace: 'default', name: 'reviews' };
    const { body, prometheus } = await metrics(
      target,
      'direction=inbound&quantiles[]=0.5&quantiles[]=0.99',
      (q) =>
        q.startsWith('histogram_quantile(0.99,') ? [{ metric: {}, values: [[later(), 250]] }] : undefined,
    );
    expect(prometheus.calls).toHaveLength(10 + 3 * 3);
    expect(prometheus.maxInFlight).toBe(prometheus.calls.length);
    expect(
      new Set(prometheus.calls.map((c) => `${c.startSeconds}-${c.endSeconds}-${c.stepSeconds}`)).size,
    ).toBe(1);
    for (const call of prometheus.calls)
      expect(call.query).toContain('destination_canonical_service="reviews"');
    expect(Object.keys(body)).toHaveLength(13);
    expect(body.request_duration_millis).toEqual([
      { labels: {}, datapoints: [[later(), '250']], stat: '0.99', name: 'request_duration_millis' },
    ]);
    expect(body.tcp_sent).toEqual([]);
  });

  it('shortens the range and the rate window to the namespace’s lifetime, as Kiali does', async () => {
    const target: MetricsTarget = { kind: 'namespace', namespace: 'default' };
    const queryTime = createdSec + 40;
    const { prometheus } = await metrics(target, `filters[]=request_count&queryTime=${queryTime}&step=10`);
    expect(prometheus.calls[0]).toMatchObject({
      startSeconds: Math.floor(queryTime / 10) * 10,
      endSeconds: queryTime,
    });
    expect(prometheus.calls[0]?.query).toContain('[40s]');
    await expect(metrics(target, `queryTime=${createdSec - 10}`)).rejects.toMatchObject({
      reason: 'input',
      param: 'queryTime',
    });
  });

  it.each([
    [{ kind: 'namespace', namespace: 'nope' }, 'namespace', 'Namespace [nope] does not exist.'],
    [
      { kind: 'workload', namespace: 'default', name: 'reviews' },
      'workload',
      'Workload [reviews] does not exist in namespace [default].',
    ],
    [
      { kind: 'app', namespace: 'default', name: 'reviews-v1' },
      'app',
      'App [reviews-v1] does not exist in namespace [default].',
    ],
    [
      { kind: 'service', namespace: 'istio-system', name: 'reviews' },
      'service',
      'Service [reviews] does not exist in namespace [istio-system].',
    ],
  ] as const)('refuses %j, which the mesh does not have', async (target, param, message) => {
    const params = target.kind === 'service' ? 'direction=inbound' : '';
    await expect(metrics(target, params)).rejects.toMatchObject({ reason: 'not-found', param, message });
  });

  it('fails with Prometheus’s error when a query fails', async () => {
    const failure = new PrometheusError('upstream', 'Prometheus at http://p.invalid is unreachable', {
      url: 'http://p.invalid',
    });
    const target: MetricsTarget = { kind: 'service', namespace: 'default', name: 'ratings' };
    await expect(metrics(target, 'direction=inbound', () => failure)).rejects.toBe(failure);
  });
});
