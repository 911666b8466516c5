/**
 * securityPolicy appender (kiali appender/security_policy.go): the percentage of each edge's
 * traffic that used mutual TLS (`isMTLS`, set only when some did), and the principals seen on
 * it, from destination-reported `connection_security_policy`. Applies to every protocol's edge
 * between the two nodes; with service injection, to both edges through the service.
 */
import { label } from '../telemetry-rules.ts';
import type { TrafficMap } from '../traffic-map.ts';
import type { NamespaceAppender, NamespaceContext } from './context.ts';
import { sampleEdges } from './sample-edges.ts';

const MUTUAL_TLS = 'mutual_tls';

export const securityPolicyAppender: NamespaceAppender = {
  name: 'securityPolicy',
  append(map: TrafficMap, ctx: NamespaceContext): void {
    const { plan } = ctx;
    if (map.size === 0) return;
    const policies = new Map<string, Map<string, number>>();
    const principals = new Map<string, { source: string; dest: string }>();
    const record = (
      key: string,
      seen: { policy: string; value: number; source: string; dest: string },
    ): void => {
      let rates = policies.get(key);
      if (rates === undefined) {
        rates = new Map();
        policies.set(key, rates);
      }
      rates.set(seen.policy, seen.value);
      principals.set(key, { source: seen.source, dest: seen.dest });
    };
    for (const query of plan) {
      if (query.purpose !== 'securityPolicy') continue;
      for (const sample of ctx.samples(query)) {
        const source = label(sample.metric, 'source_principal');
        const dest = label(sample.metric, 'destination_principal');
        if (source === undefined || dest === undefined) continue;
        const ends = sampleEdges(sample, ctx.options, undefined);
        if (ends === undefined) continue;
        const policy = label(sample.metric, 'connection_security_policy') ?? 'unknown';
        const seen = { policy, value: sample.value, source, dest };
        if (ends.serviceId === undefined) {
          record(`${ends.sourceId} ${ends.destId}`, seen);
        } else {
          record(`${ends.sourceId} ${ends.serviceId}`, seen);
          record(`${ends.serviceId} ${ends.destId}`, seen);
        }
      }
    }
    for (const node of map.values()) {
      for (const edge of node.edges) {
        const key = `${edge.source.id} ${edge.dest.id}`;
        const rates = policies.get(key);
        if (rates !== undefined) {
          let mtls = 0;
          let other = 0;
          for (const [policy, value] of rates) {
            if (policy === MUTUAL_TLS) mtls = value;
            else other += value;
          }
          if (mtls > 0) edge.meta.isMTLS = (mtls / (mtls + other)) * 100;
        }
        const p = principals.get(key);
        if (p !== undefined) {
          edge.meta.sourcePrincipal = p.source;
          edge.meta.destPrincipal = p.dest;
        }
      }
    }
  },
};
