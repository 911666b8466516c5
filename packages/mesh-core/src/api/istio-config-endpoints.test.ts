/** The Istio config endpoints make a valid part of the OpenAPI document, schemas included. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findingSchema, istioConfigEndpoints } from './istio-config.ts';
import { openApiDocument } from './openapi.ts';

describe('istioConfigEndpoints', () => {
  it('describes every path parameter and converts to OpenAPI', () => {
    const errorBody = z.object({
      error: z.string(),
      reason: z.string(),
      findings: z.array(findingSchema).optional(),
    });
    const document = openApiDocument({
      info: { title: 'test', version: '0' },
      endpoints: istioConfigEndpoints,
      errorBody,
    });
    expect(Object.keys(document.paths as object).sort()).toEqual([
      '/api/istio/config',
      '/api/istio/validations',
      '/api/namespaces/{namespace}/istio',
      '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}',
      '/api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}',
    ]);
  });
});
