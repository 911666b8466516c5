import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureTraceId } from '../../adapters/jaeger/testing/trace-fixture.ts';
import type { MeshState } from '../inventory/mesh-state.ts';
import {
  CANARY_TRACE_ID,
  DETAILS_TRACE_ID,
  tracesFakeJaeger,
  tracesMeshState,
} from '../testing/traces-mesh.ts';
import type { TracesServiceDeps, TracingQuery } from './traces-service.ts';
import { createTracesService } from './traces-service.ts';

const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_US = NOW_MS * 1000;
const ID1 = fixtureTraceId(1);
const ID2 = fixtureTraceId(2);
const ID3 = fixtureTraceId(3);
/** Kiali's defaults: from the epoch to now, 100 traces, no tags. */
const QUERY: TracingQuery = { endUs: NOW_US, tags: {}, limit: 100 };

let state: MeshState;
beforeAll(async () => {
  state = await tracesMeshState();
});

function setup(options: Partial<TracesServiceDeps> = {}) {
  const jaeger = tracesFakeJaeger(NOW_MS);
  const traces = createTracesService({ jaeger, mesh: { read: () => Promise.resolve(state) }, ...options });
  return { jaeger, traces };
}

const ids = (r: { data: readonly { traceID: string }[] }): string[] => r.data.map((t) => t.traceID);

describe('traces service: which Jaeger service, which tags', () => {
  it("asks Jaeger for the app's service `<app>.<namespace>`, in the home cluster, and says which", async () => {
    const { jaeger, traces } = setup();

    const r = await traces.appTraces('default', 'reviews', {
      ...QUERY,
      tags: { error: 'true' },
      minDurationUs: 5,
    });

    expect(r.tracingServiceName).toBe('reviews.default');
    expect(r.fromAllClusters).toBeUndefined();
    expect(jaeger.searches).toEqual([
      {
        service: 'reviews.default',
        startUs: 0,
        endUs: NOW_US,
        tags: { error: 'true', 'istio.cluster_id': 'Kubernetes' },
        minDurationUs: 5,
        limit: 100,
      },
    ]);
    expect(ids(r)).toEqual([ID1]);
  });

  it('names the service `<app>` alone with serviceNaming app (where sidecars write it so)', async () => {
    const { jaeger, traces } = setup({ serviceNaming: 'app' });

    const r = await traces.appTraces('default', 'reviews', QUERY);

    expect(r.tracingServiceName).toBe('reviews');
    expect(jaeger.searches[0]?.service).toBe('reviews');
    // The fake holds what Meshlens' sidecars write, `reviews.default`: nothing is found.
    expect(r.data).toEqual([]);
  });

  it('filters by the requested cluster, or not at all when cluster filtering is off', async () => {
    const home = await setup().traces.appTraces('default', 'productpage', QUERY);
    const east = await setup().traces.appTraces('default', 'productpage', { ...QUERY, cluster: 'east' });
    const { jaeger, traces } = setup({ ignoreCluster: true });
    const all = await traces.appTraces('default', 'productpage', {
      ...QUERY,
      tags: { 'istio.cluster_id': 'x' },
    });

    expect(ids(home)).toEqual([ID1, ID2]);
    expect(ids(east)).toEqual([ID3]);
    expect(ids(all)).toEqual([ID1, ID2, ID3]);
    expect(all.fromAllClusters).toBe(true);
    expect(jaeger.searches[0]?.tags).toEqual({});
  });

  it('passes the time range and limit on', async () => {
    const { jaeger, traces } = setup();

    const r = await traces.appTraces('default', 'productpage', {
      ...QUERY,
      startUs: NOW_US - 7_200_000_000,
      limit: 1,
    });

    expect(ids(r)).toEqual([ID1]);
    expect(jaeger.searches[0]).toMatchObject({ startUs: NOW_US - 7_200_000_000, limit: 1 });
  });
});

describe('traces service: services and workloads', () => {
  it("reads a service's traces as its app's when they share the name", async () => {
    const { jaeger, traces } = setup();

    const r = await traces.serviceTraces('default', 'reviews', QUERY);

    expect(r.tracingServiceName).toBe('reviews.default');
    expect(jaeger.searches[0]?.service).toBe('reviews.default');
    expect(ids(r)).toEqual([ID1, CANARY_TRACE_ID, ID2]);
  });

  it("keeps, for a service named otherwise than its app, the app's traces with an operation of the service", async () => {
    const { jaeger, traces } = setup();

    const r = await traces.serviceTraces('default', 'reviews-canary', QUERY);

    expect(jaeger.searches[0]?.service).toBe('reviews.default');
    expect(r.tracingServiceName).toBe('reviews.default');
    expect(ids(r)).toEqual([CANARY_TRACE_ID]);
  });

  it("keeps, for a workload, the app's traces with a span from it (node_id, or a hostname tag)", async () => {
    const { traces } = setup();

    const v1 = await traces.workloadTraces('default', 'reviews-v1', QUERY);
    const v2 = await traces.workloadTraces('default', 'reviews-v2', QUERY);
    const details = await traces.workloadTraces('default', 'details-v1', QUERY);

    expect(v1.tracingServiceName).toBe('reviews.default');
    expect(ids(v1)).toEqual([ID2]);
    expect(ids(v2)).toEqual([ID1]);
    expect(ids(details)).toEqual([DETAILS_TRACE_ID]);
  });
});

describe('traces service: refusals', () => {
  it.each([
    ['app', 'nope', 'reviews', 'Namespace [nope] does not exist.'],
    ['app', 'default', 'nope', 'App [default/nope] does not exist.'],
    ['service', 'default', 'nope', 'Service [default/nope] does not exist.'],
    ['workload', 'default', 'reviews', 'Workload [default/reviews] does not exist.'],
  ] as const)('answers a %s in %s named %s as not found', async (kind, namespace, name, message) => {
    const { jaeger, traces } = setup();
    const call =
      kind === 'app'
        ? traces.appTraces(namespace, name, QUERY)
        : kind === 'service'
          ? traces.serviceTraces(namespace, name, QUERY)
          : traces.workloadTraces(namespace, name, QUERY);

    await expect(call).rejects.toMatchObject({ reason: 'not-found', message });
    expect(jaeger.searches).toEqual([]);
  });

  it('passes an unreachable Jaeger on as unavailable', async () => {
    const { jaeger, traces } = setup();
    jaeger.goDown();

    await expect(traces.appTraces('default', 'reviews', QUERY)).rejects.toMatchObject({
      reason: 'unavailable',
      message: expect.stringContaining(jaeger.url) as unknown,
    });
  });
});

describe('traces service: one trace', () => {
  it("answers Kiali's {data, errors} for a known trace, in any case of its id", async () => {
    const { traces } = setup();

    const r = await traces.traceDetail(ID2.toUpperCase());

    expect(r.errors).toBeNull();
    expect(r.data.traceID).toBe(ID2);
    expect(r.data.spans).toHaveLength(3);
  });

  it('refuses an id that is not 1 to 32 hex digits, naming traceID, and an unknown one as not found', async () => {
    const { traces } = setup();

    await expect(traces.traceDetail('xyz')).rejects.toMatchObject({ reason: 'input', param: 'traceID' });
    await expect(traces.traceDetail('1'.repeat(33))).rejects.toMatchObject({ reason: 'input' });
    await expect(traces.traceDetail('abc')).rejects.toMatchObject({
      reason: 'not-found',
      message: 'Trace abc not found',
    });
  });
});
