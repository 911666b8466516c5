/**
 * `GET /api/namespaces/graph`: Kiali's namespace graph. Reads Kiali's query parameters
 * (`namespaces`, `graphType`, `duration`, `queryTime`, `boxBy`, `includeIdleEdges`,
 * `injectServiceNodes`, `rateGrpc`, `rateHttp`, `rateTcp`, `responseTime`, `throughputType`,
 * `appenders`), asks the graph service, and answers Kiali's cytoscape JSON.
 *
 * Kiali's node-detail graphs take the same parameters but the namespace, which is the node's:
 * `GET /api/namespaces/{namespace}/applications/{app}/graph`,
 * `…/applications/{app}/versions/{version}/graph`, `…/workloads/{workload}/graph` and
 * `…/services/{service}/graph`.
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { GraphNodeTarget } from '@meshlens/mesh-core/graph';
import type { GraphService } from '../services/graph-service.ts';
import { graphNodeOptionsOf, graphOptionsOf, searchParamsOf } from './params.ts';

export const GRAPH_PATH = '/api/namespaces/graph';

/** Node-detail graph paths (Express syntax) and the node each one names. */
const NODE_GRAPH_PATHS: ReadonlyArray<readonly [string, (p: Record<string, string>) => GraphNodeTarget]> = [
  [
    '/api/namespaces/:namespace/applications/:app/versions/:version/graph',
    (p) => ({
      kind: 'app',
      namespace: p['namespace'] ?? '',
      name: p['app'] ?? '',
      version: p['version'] ?? '',
    }),
  ],
  [
    '/api/namespaces/:namespace/applications/:app/graph',
    (p) => ({ kind: 'app', namespace: p['namespace'] ?? '', name: p['app'] ?? '' }),
  ],
  [
    '/api/namespaces/:namespace/workloads/:workload/graph',
    (p) => ({ kind: 'workload', namespace: p['namespace'] ?? '', name: p['workload'] ?? '' }),
  ],
  [
    '/api/namespaces/:namespace/services/:service/graph',
    (p) => ({ kind: 'service', namespace: p['namespace'] ?? '', name: p['service'] ?? '' }),
  ],
];

export interface GraphRoutesDeps {
  readonly graph: GraphService;
  /** Unix seconds: the default `queryTime`. */
  readonly nowSec: () => number;
}

export function createGraphRouter(deps: GraphRoutesDeps): Router {
  const router = Router();
  router.get(GRAPH_PATH, async (req, res) => {
    const options = graphOptionsOf(searchParamsOf(req.originalUrl), deps.nowSec());
    res.json(await deps.graph.namespaceGraph(options));
  });
  for (const [path, targetOf] of NODE_GRAPH_PATHS) {
    router.get(path, async (req: Request, res) => {
      const target = targetOf(req.params as Record<string, string>);
      const options = graphNodeOptionsOf(searchParamsOf(req.originalUrl), deps.nowSec(), target.namespace);
      res.json(await deps.graph.nodeGraph(target, options));
    });
  }
  return router;
}
