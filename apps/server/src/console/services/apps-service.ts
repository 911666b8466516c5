/**
 * The apps use case (Kiali's `GET /api/clusters/apps`, `/api/namespaces/{ns}/apps` and
 * `/api/namespaces/{ns}/apps/{app}`): mesh-core's app items over the mesh state, with app health
 * (`object-health-service.ts`) when asked.
 */
import type { AppDetails, AppList } from '@meshlens/mesh-core/inventory';
import { INVENTORY_CLUSTER, appDetails, appListItem, appsOf, findApp } from '@meshlens/mesh-core/inventory';
import type { DetailRequest, ListRequest, ObjectHealthDeps } from './object-health-service.ts';
import {
  appHealthMap,
  listNamespaces,
  namespacesHealth,
  requireNamespace,
  unknownObject,
} from './object-health-service.ts';

export interface AppsService {
  appList(request: ListRequest): Promise<AppList>;
  appDetails(request: DetailRequest): Promise<AppDetails>;
}

export function createAppsService(deps: ObjectHealthDeps): AppsService {
  return {
    async appList(request) {
      const state = await deps.mesh.read();
      const namespaces = listNamespaces(state, request);
      const health = request.health
        ? await namespacesHealth(deps.prometheus, state, { ...request, namespaces, kind: 'app' })
        : undefined;
      const applications = namespaces.flatMap((ns) =>
        appsOf(state, ns).map((app) => {
          const item = appListItem(state, app, request);
          const appHealth = health === undefined ? undefined : appHealthMap(health, ns)[app.name];
          return appHealth === undefined ? item : { ...item, health: appHealth };
        }),
      );
      return {
        cluster: INVENTORY_CLUSTER,
        ...(request.namespace === undefined ? {} : { namespace: { name: request.namespace } }),
        applications,
      };
    },
    async appDetails(request) {
      const state = await deps.mesh.read();
      const { namespace, name } = request;
      requireNamespace(state, namespace);
      const app = findApp(state, namespace, name);
      if (app === undefined) throw unknownObject('App', name, namespace);
      const details = appDetails(state, app);
      if (!request.health) return details;
      const health = await namespacesHealth(deps.prometheus, state, {
        ...request,
        namespaces: [namespace],
        kind: 'app',
      });
      const appHealth = appHealthMap(health, namespace)[name];
      return appHealth === undefined ? details : { ...details, health: appHealth };
    },
  };
}
