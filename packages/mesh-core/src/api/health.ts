/** The cluster health endpoint's description (schemas in `health/wire.ts`). */
import { z } from 'zod';
import { HEALTH_KINDS } from '../health/tolerances.ts';
import { clustersHealthSchema } from '../health/wire.ts';
import type { ApiEndpoint } from './endpoint.ts';

export const healthEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/clusters/health',
    tag: 'health',
    summary: 'Health of the apps, services or workloads of namespaces (Kiali’s cluster health)',
    params: [
      { name: 'namespaces', in: 'query', description: 'Comma-separated namespaces (default: all)' },
      {
        name: 'type',
        in: 'query',
        description: 'app | service | workload (default app)',
        schema: z.enum(HEALTH_KINDS),
      },
      {
        name: 'rateInterval',
        in: 'query',
        description: 'Request-rate window, a Prometheus duration (default 10m)',
      },
      {
        name: 'queryTime',
        in: 'query',
        description: 'Unix seconds (default now)',
        schema: z.string().regex(/^\d+$/),
      },
    ],
    responses: [
      { status: 200, description: 'Health per namespace and object', schema: clustersHealthSchema },
      { status: 400, description: 'A parameter is invalid; `param` names it' },
      { status: 404, description: 'A namespace does not exist' },
      { status: 503, description: 'Prometheus cannot be reached; the message names its URL' },
    ],
  },
];
