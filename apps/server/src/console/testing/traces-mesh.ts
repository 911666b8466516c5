/**
 * The mesh and Jaeger the traces tests share: Bookinfo (namespace `default`) plus a Service
 * `reviews-canary` selecting `app: reviews, version: v2` — a service whose app has another name —
 * and a fake Jaeger holding Bookinfo's traces (`bookinfoTraces`) plus one trace through the
 * canary and one from details-v1 known only by its process's `hostname` tag.
 */
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import type { FakeJaegerApi } from '../../adapters/jaeger/testing/fake-jaeger-api.ts';
import { createFakeJaegerApi } from '../../adapters/jaeger/testing/fake-jaeger-api.ts';
import {
  bookinfoTraces,
  fixtureTraceId,
  jaegerTracesOf,
} from '../../adapters/jaeger/testing/trace-fixture.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import { bookinfoMeshState } from './bookinfo-mesh.ts';

export const CANARY_SERVICE_YAML = `apiVersion: v1
kind: Service
metadata:
  name: reviews-canary
  namespace: default
spec:
  selector: {app: reviews, version: v2}
  ports:
  - name: http
    port: 9080
`;

export function tracesMeshState(): Promise<MeshState> {
  return bookinfoMeshState({ extra: [['reviews-canary.yaml', CANARY_SERVICE_YAML]] });
}

/** Trace 4: productpage → reviews through `reviews-canary`. */
export const CANARY_TRACE_ID = fixtureTraceId(4);
/** Trace 5: details, whose spans carry no `node_id`, only a process `hostname`. */
export const DETAILS_TRACE_ID = fixtureTraceId(5);

function extraTraces(nowUs: number): JaegerTrace[] {
  const at = nowUs - 60_000_000;
  const cluster = { key: 'istio.cluster_id', type: 'string', value: 'Kubernetes' } as const;
  return [
    {
      traceID: CANARY_TRACE_ID,
      spans: [
        {
          traceID: CANARY_TRACE_ID,
          spanID: '00000000000000c1',
          operationName: 'reviews-canary.default.svc.cluster.local:9080/*',
          references: [],
          startTime: at,
          duration: 7_000,
          tags: [cluster],
          logs: [],
          processID: 'p1',
          warnings: null,
        },
      ],
      processes: { p1: { serviceName: 'reviews.default', tags: [] } },
      warnings: null,
    },
    {
      traceID: DETAILS_TRACE_ID,
      spans: [
        {
          traceID: DETAILS_TRACE_ID,
          spanID: '00000000000000d1',
          operationName: 'GET /details/0',
          references: [],
          startTime: at,
          duration: 2_000,
          tags: [cluster],
          logs: [],
          processID: 'p1',
          warnings: null,
        },
      ],
      processes: {
        p1: {
          serviceName: 'details.default',
          tags: [{ key: 'hostname', type: 'string', value: 'details-v1-7d8f' }],
        },
      },
      warnings: null,
    },
  ];
}

export function tracesFakeJaeger(nowMs: number): FakeJaegerApi {
  const nowUs = nowMs * 1000;
  return createFakeJaegerApi({
    traces: [...jaegerTracesOf(bookinfoTraces(nowUs)), ...extraTraces(nowUs)],
    nowMs: () => nowMs,
  });
}
