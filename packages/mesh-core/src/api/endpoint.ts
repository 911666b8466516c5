/**
 * How the console API describes its endpoints: one `ApiEndpoint` per method and path, with its
 * parameters, body and responses as the same zod schemas the server answers with and the web
 * console parses with. The OpenAPI document (`openApiDocument`) is generated from these lists,
 * so it cannot drift from the wire types.
 */
import type { z } from 'zod';

export const apiMethods = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type ApiMethod = (typeof apiMethods)[number];

export interface ApiParam {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  /** Path parameters are always required. */
  readonly required?: boolean;
  /** The value's schema; a string when absent. */
  readonly schema?: z.ZodType;
}

export interface ApiResponse {
  readonly status: number;
  readonly description: string;
  /** The body's schema; the error body for 4xx and 5xx when absent. */
  readonly schema?: z.ZodType;
}

export interface ApiEndpoint {
  readonly method: ApiMethod;
  /** OpenAPI style: `/api/namespaces/{namespace}/apps/{app}/metrics`. */
  readonly path: string;
  /** Groups endpoints in the document (`graph`, `health`, `metrics`, ...). */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: readonly ApiParam[];
  /** A request body: a schema for JSON, or text accepted as YAML or JSON. */
  readonly body?: {
    readonly description: string;
    readonly schema?: z.ZodType;
    readonly yamlOrJson?: boolean;
  };
  readonly responses: readonly ApiResponse[];
}
