/**
 * The trace search use case (Jaeger UI's search page): Jaeger's service and operation names, and
 * traces found by service, operation, tags, span duration and time range. Unlike the traces of
 * an app, service or workload (traces-service.ts), nothing is mapped to mesh objects: the user
 * picks a Jaeger service, as in Jaeger UI, so any traced process can be searched (a gateway, an
 * app outside the mesh).
 */
import type { Microseconds, TraceSearchResponse } from '@meshlens/mesh-core/api/traces';
import type { JaegerApi, JaegerTraceQuery } from '../../adapters/jaeger/jaeger-api.ts';

/** A checked search (traces-routes-params.ts `traceSearchOf`). */
export interface TraceSearch {
  readonly service: string;
  /** Absent: every operation. */
  readonly operation?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly minDurationUs?: Microseconds;
  readonly maxDurationUs?: Microseconds;
  readonly limit: number;
  readonly startUs: Microseconds;
  readonly endUs: Microseconds;
}

export interface TracingSearchService {
  services(): Promise<string[]>;
  operations(service: string): Promise<string[]>;
  findTraces(search: TraceSearch): Promise<TraceSearchResponse>;
}

export interface TracingSearchServiceDeps {
  readonly jaeger: JaegerApi;
}

const sorted = (names: readonly string[]): string[] => [...new Set(names)].sort((a, b) => a.localeCompare(b));

export function createTracingSearchService(deps: TracingSearchServiceDeps): TracingSearchService {
  return {
    async services() {
      return sorted(await deps.jaeger.services());
    },

    async operations(service) {
      return sorted(await deps.jaeger.operations(service));
    },

    async findTraces(search) {
      const query: JaegerTraceQuery = {
        service: search.service,
        ...(search.operation === undefined ? {} : { operation: search.operation }),
        tags: search.tags,
        startUs: search.startUs,
        endUs: search.endUs,
        limit: search.limit,
        // Jaeger reads a zero minimum as "no minimum" anyway; leaving it out keeps the query plain.
        ...(search.minDurationUs === undefined || search.minDurationUs === 0
          ? {}
          : { minDurationUs: search.minDurationUs }),
        ...(search.maxDurationUs === undefined ? {} : { maxDurationUs: search.maxDurationUs }),
      };
      const found = await deps.jaeger.findTraces(query);
      return {
        data: [...found.traces],
        errors: found.errors === null ? null : [...found.errors],
        tracingServiceName: search.service,
      };
    },
  };
}
