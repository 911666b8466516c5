/** `GET /api/openapi.json`: the console API's OpenAPI document, generated once from mesh-core's schemas. */
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { OPENAPI_PATH, consoleOpenApiDocument } from '@meshlens/mesh-core/api/console-api';

const version = (
  JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  }
).version;

export function createOpenApiRouter(): Router {
  let document: Record<string, unknown> | undefined;
  const router = Router();
  router.get(OPENAPI_PATH, (_req, res) => {
    document ??= consoleOpenApiDocument(version ?? '0.0.0');
    res.json(document);
  });
  return router;
}
