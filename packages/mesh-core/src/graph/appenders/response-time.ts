/**
 * responseTime appender (kiali appender/response_time.go): the requested quantile (or average)
 * of request duration in milliseconds on each edge, from the plan's responseTime queries in
 * order — destination-reported values first, so the first value found for an edge wins.
 */
import { label } from '../telemetry-rules.ts';
import type { TrafficMap } from '../traffic-map.ts';
import type { NamespaceAppender, NamespaceContext } from './context.ts';
import { sampleEdges } from './sample-edges.ts';

export const responseTimeAppender: NamespaceAppender = {
  name: 'responseTime',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    const { plan } = ctx;
    const { rates } = ctx.options;
    if (map.size === 0 || (rates.grpc !== 'requests' && rates.http !== 'requests')) return;
    const values = new Map<string, number>();
    for (const query of plan) {
      if (query.purpose !== 'responseTime') continue;
      for (const sample of ctx.samples(query)) {
        const protocol = label(sample.metric, 'request_protocol');
        if (protocol === undefined || Number.isNaN(sample.value)) continue;
        if (
          (protocol === 'http' && rates.http !== 'requests') ||
          (protocol === 'grpc' && rates.grpc !== 'requests')
        ) {
          continue;
        }
        const ends = sampleEdges(sample, ctx.options, { istioNamespace: ctx.istioNamespace });
        if (ends === undefined) continue;
        const key = `${ends.serviceId ?? ends.sourceId} ${ends.destId} ${protocol}`;
        if (!values.has(key)) values.set(key, sample.value);
      }
    }
    for (const node of map.values()) {
      for (const edge of node.edges) {
        const value = values.get(`${edge.source.id} ${edge.dest.id} ${edge.protocol}`);
        if (value !== undefined) edge.meta.responseTime = value;
      }
    }
  },
};
