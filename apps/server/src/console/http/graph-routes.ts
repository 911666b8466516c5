/**
 * `GET /api/namespaces/graph`: Kiali's namespace graph. Reads Kiali's query parameters
 * (`namespaces`, `graphType`, `duration`, `queryTime`, `boxBy`, `includeIdleEdges`,
 * `injectServiceNodes`, `rateGrpc`, `rateHttp`, `rateTcp`, `responseTime`, `throughputType`,
 * `appenders`), asks the graph service, and answers Kiali's cytoscape JSON.
 */
import { Router } from 'express';
import type { GraphService } from '../services/graph-service.ts';
import { graphOptionsOf, searchParamsOf } from './params.ts';

export const GRAPH_PATH = '/api/namespaces/graph';

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
  return router;
}
