/**
 * The OpenAPI 3.0 document of the console API, generated from the endpoint lists and their zod
 * schemas (`z.toJSONSchema` with the OpenAPI 3.0 target). Responses without a schema are error
 * responses and get the one error body; each error status the API can answer is listed once.
 */
import { z } from 'zod';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonObject {
  // `unrepresentable: 'any'` turns what JSON Schema cannot say (transforms, dates) into `{}`
  // rather than failing the whole document.
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    io: 'output',
  });
}

function parameter(p: ApiParam): JsonObject {
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    required: p.in === 'path' ? true : (p.required ?? false),
    schema: p.schema === undefined ? { type: 'string' } : jsonSchema(p.schema),
  };
}

/** Path parameters the path names but the endpoint does not describe, and the reverse. */
export function pathParamMismatches(endpoint: ApiEndpoint): string[] {
  const inPath = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const described = (endpoint.params ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  return [
    ...inPath.filter((n) => !described.includes(n)).map((n) => `${endpoint.path}: {${n}} is not described`),
    ...described.filter((n) => !inPath.includes(n)).map((n) => `${endpoint.path}: ${n} is not in the path`),
  ];
}

function operation(endpoint: ApiEndpoint, errorBody: z.ZodType): JsonObject {
  const responses: JsonObject = {};
  for (const r of endpoint.responses) {
    const schema = r.schema ?? (r.status >= 400 ? errorBody : undefined);
    responses[String(r.status)] = {
      description: r.description,
      ...(schema === undefined ? {} : { content: { 'application/json': { schema: jsonSchema(schema) } } }),
    };
  }
  const op: JsonObject = {
    tags: [endpoint.tag],
    summary: endpoint.summary,
    operationId: `${endpoint.method}${endpoint.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
    ...(endpoint.params === undefined || endpoint.params.length === 0
      ? {}
      : { parameters: endpoint.params.map(parameter) }),
    responses,
  };
  if (endpoint.body !== undefined) {
    const content: JsonObject = {};
    if (endpoint.body.schema !== undefined)
      content['application/json'] = { schema: jsonSchema(endpoint.body.schema) };
    if (endpoint.body.yamlOrJson === true) {
      content['application/yaml'] = { schema: { type: 'string' } };
      content['application/json'] ??= { schema: { type: 'object' } };
    }
    op['requestBody'] = { required: true, description: endpoint.body.description, content };
  }
  return op;
}

/**
 * The document. Throws when two endpoints share a method and path or an endpoint's path
 * parameters are not all described: a document that lies is worse than none.
 */
export function openApiDocument(options: {
  readonly info: OpenApiInfo;
  readonly endpoints: readonly ApiEndpoint[];
  readonly errorBody: z.ZodType;
}): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const problems: string[] = [];
  for (const e of options.endpoints) {
    problems.push(...pathParamMismatches(e));
    const item = (paths[e.path] ??= {});
    if (item[e.method] !== undefined) problems.push(`${e.method.toUpperCase()} ${e.path} is described twice`);
    item[e.method] = operation(e, options.errorBody);
  }
  if (problems.length > 0)
    throw new Error(`the console API's OpenAPI document is wrong: ${problems.join('; ')}`);
  const tags = [...new Set(options.endpoints.map((e) => e.tag))].map((name) => ({ name }));
  return { openapi: '3.0.3', info: options.info, tags, paths };
}
