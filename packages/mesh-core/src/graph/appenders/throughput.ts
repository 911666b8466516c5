/**
 * throughput appender (kiali appender/throughput.go): request or response bytes per second on
 * each HTTP edge, summed over the plan's throughput queries.
 */
import type { TrafficMap } from '../traffic-map.ts';
import type { NamespaceAppender, NamespaceContext } from './context.ts';
import { sampleEdges } from './sample-edges.ts';

export const throughputAppender: NamespaceAppender = {
  name: 'throughput',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    const { plan } = ctx;
    if (map.size === 0 || ctx.options.rates.http !== 'requests') return;
    const values = new Map<string, number>();
    for (const query of plan) {
      if (query.purpose !== 'throughput') continue;
      for (const sample of ctx.samples(query)) {
        if (Number.isNaN(sample.value)) continue;
        const ends = sampleEdges(sample, ctx.options, { istioNamespace: ctx.istioNamespace });
        if (ends === undefined) continue;
        const key = `${ends.serviceId ?? ends.sourceId} ${ends.destId} http`;
        values.set(key, (values.get(key) ?? 0) + sample.value);
      }
    }
    for (const node of map.values()) {
      for (const edge of node.edges) {
        const value = values.get(`${edge.source.id} ${edge.dest.id} ${edge.protocol}`);
        if (value !== undefined) edge.meta.throughput = value;
      }
    }
  },
};
