/** The graph endpoints' descriptions (schemas in `graph/wire.ts`, options in `graph/options.ts`). */
import { z } from 'zod';
import {
  APPENDER_NAMES,
  BOX_BY,
  GRAPH_TYPES,
  GRPC_RATES,
  HTTP_RATES,
  RESPONSE_TIMES,
  TCP_RATES,
  THROUGHPUT_TYPES,
} from '../graph/model.ts';
import { graphJsonSchema } from '../graph/wire.ts';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

const q = (name: string, description: string, schema?: z.ZodType): ApiParam => ({
  name,
  in: 'query',
  description,
  ...(schema === undefined ? {} : { schema }),
});
const p = (name: string, description: string): ApiParam => ({ name, in: 'path', description });

const GRAPH_QUERY: readonly ApiParam[] = [
  q('graphType', 'app | versionedApp | workload | service (default workload)', z.enum(GRAPH_TYPES)),
  q('duration', 'Query range, a Prometheus duration (default 10m)'),
  q('queryTime', 'Unix seconds the range ends at (default now)', z.string().regex(/^\d+$/)),
  q('boxBy', `Comma-separated: ${BOX_BY.join(', ')}`, z.string()),
  q('includeIdleEdges', 'Keep edges whose rate is zero (default false)', z.enum(['true', 'false'])),
  q(
    'injectServiceNodes',
    'Put service nodes between callers and workloads (default false)',
    z.enum(['true', 'false']),
  ),
  q('rateGrpc', `gRPC rate: ${GRPC_RATES.join(' | ')} (default requests)`, z.enum(GRPC_RATES)),
  q('rateHttp', `HTTP rate: ${HTTP_RATES.join(' | ')} (default requests)`, z.enum(HTTP_RATES)),
  q('rateTcp', `TCP rate: ${TCP_RATES.join(' | ')} (default sent)`, z.enum(TCP_RATES)),
  q('responseTime', `Edge response time: ${RESPONSE_TIMES.join(' | ')} (default 95)`, z.enum(RESPONSE_TIMES)),
  q(
    'throughputType',
    `Edge throughput: ${THROUGHPUT_TYPES.join(' | ')} (default response)`,
    z.enum(THROUGHPUT_TYPES),
  ),
  q('appenders', `Comma-separated appenders (default all): ${APPENDER_NAMES.join(', ')}`),
];

const ERRORS = [
  { status: 400, description: 'A parameter is invalid; `param` names it' },
  { status: 404, description: 'The namespace (or node) does not exist' },
  { status: 503, description: 'Prometheus cannot be reached; the message names its URL' },
] as const;

const nodeGraph = (path: string, what: string, params: readonly ApiParam[]): ApiEndpoint => ({
  method: 'get',
  path,
  tag: 'graph',
  summary: `Node-detail graph of ${what}: its callers and callees`,
  params: [p('namespace', 'The node’s namespace'), ...params, ...GRAPH_QUERY],
  responses: [{ status: 200, description: 'Kiali’s cytoscape JSON', schema: graphJsonSchema }, ...ERRORS],
});

export const graphEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/namespaces/graph',
    tag: 'graph',
    summary: 'Traffic graph of namespaces (Kiali’s namespace graph)',
    params: [q('namespaces', 'Comma-separated namespaces (required)'), ...GRAPH_QUERY],
    responses: [{ status: 200, description: 'Kiali’s cytoscape JSON', schema: graphJsonSchema }, ...ERRORS],
  },
  nodeGraph('/api/namespaces/{namespace}/applications/{app}/graph', 'an app', [p('app', 'App label')]),
  nodeGraph(
    '/api/namespaces/{namespace}/applications/{app}/versions/{version}/graph',
    'one version of an app',
    [p('app', 'App label'), p('version', 'Version label')],
  ),
  nodeGraph('/api/namespaces/{namespace}/workloads/{workload}/graph', 'a workload', [
    p('workload', 'Workload name'),
  ]),
  nodeGraph('/api/namespaces/{namespace}/services/{service}/graph', 'a service', [
    p('service', 'Service name'),
  ]),
];
