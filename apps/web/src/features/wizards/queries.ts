/**
 * TanStack Query options and config writes of the service wizards: the service's workloads and
 * routing objects, the mesh snapshot the browser validates against, and the create / update /
 * delete requests (each with a dry-run form) that apply a wizard or remove its routing.
 */
import { istioConfigDetailsSchema } from '@meshlens/mesh-core/api/istio-config';
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import {
  VALIDATION_SNAPSHOT_PATH,
  configKindPath,
  configObjectLocator,
  configObjectPath,
  meshSnapshotFromJson,
  validationSnapshotSchema,
} from '@meshlens/mesh-core/api/istio-config-editing';
import { serviceDetailsSchema } from '@meshlens/mesh-core/api/inventory';
import type { WizardWrite, RoutingKind } from '@meshlens/mesh-core/wizards';
import type { QueryClient } from '@tanstack/react-query';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, fetchJson } from '../../api/http.ts';

const seg = encodeURIComponent;

export const wizardKeys = {
  service: (namespace: string, service: string) => ['wizards', 'service', namespace, service] as const,
  snapshot: () => ['wizards', 'validation-snapshot'] as const,
};

/** The service with its workloads (their versions) and the VirtualServices and DestinationRules for it. */
export function serviceRoutingQuery(namespace: string, service: string) {
  return queryOptions({
    queryKey: wizardKeys.service(namespace, service),
    queryFn: ({ signal }) =>
      fetchJson(
        apiPath(`/api/namespaces/${seg(namespace)}/services/${seg(service)}`, { health: false }),
        serviceDetailsSchema,
        { signal },
      ),
  });
}

export type MeshSnapshotWithRevision = ReturnType<typeof meshSnapshotFromJson>;

/** The mesh as the server's validator sees it, ready for `DocumentValidator`. */
export function validationSnapshotQuery() {
  return queryOptions({
    queryKey: wizardKeys.snapshot(),
    queryFn: async ({ signal }): Promise<MeshSnapshotWithRevision> =>
      meshSnapshotFromJson(await fetchJson(VALIDATION_SNAPSHOT_PATH, validationSnapshotSchema, { signal })),
  });
}

const locator = (kind: RoutingKind, namespace: string, name: string) =>
  configObjectLocator(kind, namespace, name);

/** One write of a wizard: POST of the object, or PATCH of a merge patch; `dryRun` writes nothing. */
export function sendWizardWrite(
  namespace: string,
  write: WizardWrite,
  options: { readonly dryRun: boolean },
): Promise<IstioConfigDetails> {
  const o = locator(write.kind, namespace, write.name);
  const query = options.dryRun ? { dryRun: true } : {};
  const path = write.operation === 'create' ? configKindPath(o) : configObjectPath(o);
  return fetchJson(apiPath(path, query), istioConfigDetailsSchema, {
    method: write.operation === 'create' ? 'POST' : 'PATCH',
    body: write.body,
  });
}

export async function deleteRoutingObject(kind: RoutingKind, namespace: string, name: string): Promise<void> {
  try {
    await fetchJson(configObjectPath(locator(kind, namespace, name)), z.unknown(), { method: 'DELETE' });
  } catch (e) {
    // The server answers a deletion with 200 and no body, as Kiali does; `fetchJson` cannot read
    // an empty body as JSON, and that failure after a 200 means the deletion was done.
    if (e instanceof SyntaxError) return;
    throw e;
  }
}

/**
 * After a write: the wizard's own view, the service page (its linked config and validations,
 * under the detail pages' keys), the Istio Config pages and every validation snapshot.
 */
export async function refreshAfterWrite(
  client: QueryClient,
  namespace: string,
  service: string,
): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: ['wizards'] }),
    client.invalidateQueries({ queryKey: ['details', 'service', namespace, service] }),
    client.invalidateQueries({ queryKey: ['istio'] }),
  ]);
}
