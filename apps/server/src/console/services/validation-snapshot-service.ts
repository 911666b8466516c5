/**
 * The validation snapshot of the console's editor: the config store's mesh at its current
 * revision (the Istio objects that passed their checks, the registry, the mesh options with
 * Istio's defaults), as mesh-core's wire type. The browser validates against exactly what the
 * store validates a save against.
 */
import type { ValidationSnapshot } from '@meshlens/mesh-core/api/istio-config-editing';
import { validationSnapshotOf as toWire } from '@meshlens/mesh-core/api/istio-config-editing';
import { defaultMeshOptions } from '@meshlens/mesh-core/validation';
import type { ConfigStore } from '../../mesh/control-plane/config-store/index.ts';
import { guarded } from './istio-config-context.ts';

export function validationSnapshotOf(store: Pick<ConfigStore, 'snapshot'>): ValidationSnapshot {
  const snapshot = guarded(() => store.snapshot());
  return toWire(snapshot, { ...defaultMeshOptions, ...snapshot.options });
}
