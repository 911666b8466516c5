/**
 * The OTLP/HTTP traces receiver: `POST /v1/traces`, answering as the OpenTelemetry Collector's
 * `otlphttp` receiver does (OTLP specification, "OTLP/HTTP"):
 *
 * - bodies in `application/json` or `application/x-protobuf`, optionally gzip-, deflate- or
 *   br-encoded (`Content-Encoding`), up to `maxBodyBytes` once decompressed;
 * - 200 with an `ExportTraceServiceResponse` in the request's encoding once the spans are stored;
 * - 400 with a `google.rpc.Status` (code 3, INVALID_ARGUMENT) in the request's encoding when the
 *   body cannot be decoded; 503 (code 14, UNAVAILABLE, which exporters retry) when the store fails;
 * - 415 for any other content type and 405 for any other method, with the collector's text bodies.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import express, { Router } from 'express';
import { decodeOtlpTraces } from './otlp.ts';
import { encodeExportResponse, encodeRpcStatus } from './otlp-proto.ts';
import type { OtlpEncoding, OtlpExportRequest } from './otlp-types.ts';
import { OtlpDecodeError } from './otlp-types.ts';
import type { TraceStore } from './store.ts';

export interface OtlpReceiverDeps {
  readonly store: TraceStore;
  /** Largest accepted body after decompression; default 20 MiB, the collector's default. */
  readonly maxBodyBytes?: number;
}

const CONTENT_TYPES: Readonly<Record<string, OtlpEncoding>> = {
  'application/json': 'json',
  'application/x-protobuf': 'protobuf',
};
const RPC_INVALID_ARGUMENT = 3;
const RPC_UNAVAILABLE = 14;

function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return CONTENT_TYPES[mediaType];
}

function reply(
  res: Response,
  encoding: OtlpEncoding,
  status: number,
  body: { code: number; message: string } | 'ok',
) {
  if (encoding === 'json') {
    const json = body === 'ok' ? '{"partialSuccess":{}}' : JSON.stringify(body);
    res.status(status).type('application/json').send(json);
  } else {
    const bytes = body === 'ok' ? encodeExportResponse() : encodeRpcStatus(body);
    res.status(status).type('application/x-protobuf').send(Buffer.from(bytes));
  }
}

export function createOtlpReceiverRouter(deps: OtlpReceiverDeps): Router {
  const router = Router();
  const requireSupportedType: RequestHandler = (req, res, next) => {
    if (encodingOf(req.headers['content-type']) !== undefined) {
      next();
      return;
    }
    res
      .status(415)
      .type('text/plain')
      .send('415 unsupported media type, supported: [application/json, application/x-protobuf]');
  };
  const readBody = express.raw({ type: () => true, limit: deps.maxBodyBytes ?? 20 * 1024 * 1024 });

  router.post('/v1/traces', requireSupportedType, readBody, (req, res) => {
    const encoding = encodingOf(req.headers['content-type']) ?? 'json';
    const body: unknown = req.body;
    let request: OtlpExportRequest;
    try {
      request = decodeOtlpTraces(body instanceof Uint8Array ? body : new Uint8Array(), encoding);
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error;
      reply(res, encoding, 400, { code: RPC_INVALID_ARGUMENT, message: error.message });
      return;
    }
    try {
      deps.store.ingest(request);
    } catch (error) {
      const message = `the trace store could not write the spans: ${error instanceof Error ? error.message : String(error)}`;
      reply(res, encoding, 503, { code: RPC_UNAVAILABLE, message });
      return;
    }
    reply(res, encoding, 200, 'ok');
  });

  router.all('/v1/traces', (_req, res) => {
    res.status(405).type('text/plain').send('405 method not allowed, supported: [POST]');
  });

  // Body-reading failures (too large, bad gzip, unknown Content-Encoding) carry their status.
  const errors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    reply(res, encodingOf(req.headers['content-type']) ?? 'json', typeof status === 'number' ? status : 500, {
      code: RPC_INVALID_ARGUMENT,
      message,
    });
  };
  router.use(errors);
  return router;
}
