import { describe, expect, it } from 'vitest';
import {
  BOOKINFO_SERIES,
  BOOKINFO_SERVICES,
  BOOKINFO_WORKLOADS,
} from '../graph/bookinfo-traffic.test-support.ts';
import { runPlan } from '../graph/prom-eval.test-support.ts';
import { renderPromQL } from '../graph/promql.ts';
import type { MeshWorkload } from './inventory.ts';
import type { NamespaceHealthInput } from './namespace-health.ts';
import {
  clustersHealth,
  namespaceAppHealth,
  namespaceServiceHealth,
  namespaceWorkloadHealth,
} from './namespace-health.ts';
import { namespaceHealthQueries } from './queries.ts';
import { HealthToleranceMatcher } from './tolerances.ts';
import type { HealthKind } from './tolerances.ts';
import { clustersHealthSchema } from './wire.ts';

function input(
  kind: HealthKind,
  workloads: readonly MeshWorkload[] = BOOKINFO_WORKLOADS,
): NamespaceHealthInput {
  const queries = namespaceHealthQueries({ namespace: 'bookinfo', kind, rateIntervalSec: 600 });
  const results = runPlan(queries, BOOKINFO_SERIES);
  return {
    namespace: 'bookinfo',
    samples: queries.flatMap((q) => results.get(q.id) ?? []),
    workloads: workloads.filter((w) => w.namespace === 'bookinfo'),
    services: BOOKINFO_SERVICES,
    tolerances: new HealthToleranceMatcher(),
  };
}

describe('namespaceHealthQueries', () => {
  it('asks for raw request rates, with their reporter, as Kiali does', () => {
    const q = namespaceHealthQueries({ namespace: 'bookinfo', kind: 'app', rateIntervalSec: 600 });
    expect(q.map((x) => renderPromQL(x.expr))).toEqual([
      'rate(istio_requests_total{destination_service_namespace="bookinfo",source_workload_namespace!="bookinfo"}[600s]) > 0',
      'rate(istio_requests_total{source_workload_namespace="bookinfo"}[600s]) > 0',
    ]);
    const s = namespaceHealthQueries({
      namespace: 'bookinfo',
      kind: 'service',
      rateIntervalSec: 600,
      cluster: 'east',
    });
    expect(s.map((x) => renderPromQL(x.expr))).toEqual([
      'rate(istio_requests_total{destination_service_namespace="bookinfo",destination_cluster="east"}[600s]) > 0',
    ]);
  });
});

describe('namespace health', () => {
  it('gives each workload its replica status, both directions of traffic and a status', () => {
    const health = namespaceWorkloadHealth(input('workload'));
    expect(health['ratings-v1']).toEqual({
      workloadStatus: {
        name: 'ratings-v1',
        desiredReplicas: 1,
        currentReplicas: 1,
        availableReplicas: 1,
        syncedProxies: 1,
      },
      requests: { inbound: { http: { '200': 5.7, '500': 0.3 } }, outbound: {}, healthAnnotations: {} },
      status: { status: 'Degraded', errorRatio: expect.closeTo(5, 9) as number, totalRequestRate: 6 },
    });
    expect(health['reviews-v3']?.status?.status).toBe('Failure');
    expect(health['mongodb-v1']).toMatchObject({
      workloadStatus: { syncedProxies: -1 },
      requests: { inbound: {}, outbound: {} },
      status: { status: 'Healthy' },
    });
  });

  it('groups an app’s workloads and reports requests by canonical service', () => {
    const reviews = namespaceAppHealth(input('app')).reviews;
    expect(reviews?.workloadStatuses.map((w) => w.name)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(reviews?.requests.inbound).toEqual({ http: { '200': 9 } });
    expect(reviews?.requests.outbound).toEqual({ http: { '200': 5.7, '500': 0.3 } });
    expect(reviews?.status?.status).toBe('Degraded');
  });

  it('reports every service, with its health annotation applied', () => {
    const health = namespaceServiceHealth(input('service'));
    expect(Object.keys(health)).toEqual(['details', 'mongodb', 'productpage', 'ratings', 'reviews']);
    expect(health.ratings).toMatchObject({
      requests: {
        inbound: { http: { '200': 5.7, '500': 0.3 } },
        healthAnnotations: { 'health.kiali.io/rate': '5XX,20,30,http,inbound' },
      },
      status: { status: 'Healthy' },
    });
    expect(health.mongodb?.status).toEqual({ status: 'NA', totalRequestRate: 0 });
  });

  it('reports a workload scaled to zero as Not Ready', () => {
    const scaled = BOOKINFO_WORKLOADS.map((w) =>
      w.name === 'details-v1'
        ? { ...w, desiredReplicas: 0, currentReplicas: 0, availableReplicas: 0, syncedProxies: 0 }
        : w,
    );
    expect(namespaceWorkloadHealth(input('workload', scaled))['details-v1']?.status?.status).toBe(
      'Not Ready',
    );
  });

  it.each(['app', 'service', 'workload'] as const)(
    'answers /api/clusters/health?type=%s in Kiali’s shape',
    (kind) => {
      const body = clustersHealth(kind, [input(kind)]);
      const key = {
        app: 'namespaceAppHealth',
        service: 'namespaceServiceHealth',
        workload: 'namespaceWorkloadHealth',
      }[kind];
      expect(Object.keys(body)).toEqual([key]);
      expect(Object.keys((body as Record<string, Record<string, unknown>>)[key] ?? {})).toEqual(['bookinfo']);
      expect(clustersHealthSchema.parse(JSON.parse(JSON.stringify(body)))).toEqual(body);
      expect(clustersHealth(kind, [])).toEqual({});
    },
  );
});
