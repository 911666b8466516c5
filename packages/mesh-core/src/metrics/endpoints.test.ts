import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { metricsEndpoints } from '../api/metrics.ts';
import { openApiDocument, pathParamMismatches } from '../api/openapi.ts';
import { METRICS_PARAMS } from './params.ts';

describe('metricsEndpoints', () => {
  it('describes Kiali’s four metrics paths, each with its path parameters and every query parameter', () => {
    expect(metricsEndpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'get /api/namespaces/{namespace}/metrics',
      'get /api/namespaces/{namespace}/apps/{app}/metrics',
      'get /api/namespaces/{namespace}/workloads/{workload}/metrics',
      'get /api/namespaces/{namespace}/services/{service}/metrics',
    ]);
    for (const e of metricsEndpoints) {
      expect(pathParamMismatches(e)).toEqual([]);
      const query = (e.params ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect([...query].sort()).toEqual([...METRICS_PARAMS].sort());
    }
  });

  it('generates an OpenAPI document whose datapoints are [unix seconds, value text]', () => {
    const doc = openApiDocument({
      info: { title: 'metrics', version: '1' },
      endpoints: metricsEndpoints,
      errorBody: z.object({ error: z.string() }),
    });
    const text = JSON.stringify(doc);
    expect(text).toContain('"/api/namespaces/{namespace}/workloads/{workload}/metrics"');
    expect(text).toContain('"datapoints"');
    expect(text).toContain('"request_duration_millis"');
  });
});
