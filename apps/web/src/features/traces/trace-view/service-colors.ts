/**
 * Each service of a trace gets one of the view's palette colours (`--trace-service-0…11` in
 * trace-view.css, themed like the rest), in order of first appearance as Jaeger UI assigns them.
 */
import type { TraceModel } from '@meshlens/mesh-core/traces';

export const SERVICE_PALETTE_SIZE = 12;

export function serviceColors(model: Pick<TraceModel, 'services'>): ReadonlyMap<string, string> {
  return new Map(model.services.map((s, i) => [s.name, `var(--trace-service-${i % SERVICE_PALETTE_SIZE})`]));
}
