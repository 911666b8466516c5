/**
 * Every endpoint of the console API, in the order the document lists them, and its OpenAPI
 * document. A route the server serves and this list lacks fails the server's route check test.
 */
import type { ApiEndpoint } from './endpoint.ts';
import { errorBodySchema } from './errors.ts';
import { graphEndpoints } from './graph.ts';
import { healthEndpoints } from './health.ts';
import { inventoryEndpoints } from './inventory.ts';
import { istioConfigEndpoints } from './istio-config.ts';
import { istioConfigEditingEndpoints } from './istio-config-editing.ts';
import { logsEndpoints } from './logs.ts';
import { meshStatusEndpoints } from './mesh-status.ts';
import { metricsEndpoints } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { tracesEndpoints, tracingSearchEndpoints } from './traces.ts';

export const OPENAPI_PATH = '/api/openapi.json';

const openApiEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: OPENAPI_PATH,
    tag: 'meta',
    summary: 'This document',
    responses: [{ status: 200, description: 'The OpenAPI 3.0 document of the console API' }],
  },
];

export const CONSOLE_API_ENDPOINTS: readonly ApiEndpoint[] = [
  ...graphEndpoints,
  ...healthEndpoints,
  ...inventoryEndpoints,
  ...metricsEndpoints,
  ...tracesEndpoints,
  ...tracingSearchEndpoints,
  ...istioConfigEndpoints,
  ...istioConfigEditingEndpoints,
  ...logsEndpoints,
  ...meshStatusEndpoints,
  ...openApiEndpoints,
];

export function consoleOpenApiDocument(version: string): Record<string, unknown> {
  return openApiDocument({
    info: {
      title: 'Meshlens console API',
      version,
      description:
        'Kiali-compatible API of the Meshlens console: graph, health, metrics, traces, Istio config, logs and mesh status. Every error answers `{error, reason, param?, findings?}`.',
    },
    endpoints: CONSOLE_API_ENDPOINTS,
    errorBody: errorBodySchema,
  });
}
