/**
 * The config writes of the service wizards: the create / update / delete requests (each with a
 * dry-run form) that apply a wizard or remove its routing, and what is read again after them. The
 * wizards read the service with the service page's query and the mesh snapshot with the editor's.
 */
import { istioConfigDetailsSchema } from '@meshlens/mesh-core/api/istio-config';
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import {
  configKindPath,
  configObjectLocator,
  configObjectPath,
} from '@meshlens/mesh-core/api/istio-config-editing';
import type { WizardWrite, RoutingKind } from '@meshlens/mesh-core/wizards';
import type { QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath, fetchJson } from '../../api/http.ts';
import { detailKeys } from '../details/index.ts';

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
 * After a write: the service page (its linked config and validations, which the wizards read
 * too), the Istio Config pages and the validation snapshot.
 */
export async function refreshAfterWrite(
  client: QueryClient,
  namespace: string,
  service: string,
): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: detailKeys.object({ kind: 'service', namespace, name: service }) }),
    // The Istio Config pages and the validation snapshot (the editor's and the wizards').
    client.invalidateQueries({ queryKey: ['istio'] }),
  ]);
}
