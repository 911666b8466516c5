/**
 * Jaeger's HTTP query API (`cmd/query/app/http_handler.go`) over the trace store, so that a client
 * written for Jaeger (its UI, Kiali, the console's Jaeger adapter) reads the embedded store, and a
 * real Jaeger can replace the store by URL:
 *
 * - `GET /api/services` and `GET /api/services/{service}/operations`: names, with `total`;
 * - `GET /api/operations?service=&spanKind=`: `[{name, spanKind}]`, with `total`;
 * - `GET /api/traces?…` (see `query-params.ts`): whole traces, adjusted (`adjusters.ts`); with
 *   `traceID` parameters, those traces, and a `trace not found` entry in `errors` per missing one;
 * - `GET /api/traces/{traceID}`: one trace (`raw=true`: unadjusted), 404 when unknown;
 * - `GET /api/dependencies?endTs=&lookback=&service=`: `[{parent, child, callCount}]`.
 *
 * Every answer is Jaeger's envelope `{data, total, limit, offset, errors}`; a refused parameter is
 * a 400 whose `errors[0].msg` names it, as Jaeger's is (Jaeger sends that body as text/plain; here
 * it is labelled application/json, which it is).
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { Router } from 'express';
import type { AdjustOptions } from './adjusters.ts';
import { adjustTrace } from './adjusters.ts';
import type { JaegerSpan } from './jaeger-model.ts';
import { formatTraceId, parseTraceId } from './jaeger-model.ts';
import { QueryParamError, isRaw, parseDependencyWindow, parseTraceSearch } from './query-params.ts';
import type { TraceStore } from './store.ts';
import type { StructuredError } from './ui-json.ts';
import { envelopeJson, traceJson } from './ui-json.ts';

export interface JaegerQueryDeps {
  readonly store: TraceStore;
  /** The clock for default time windows; defaults to `Date.now`. */
  readonly nowMs?: () => number;
  /** Jaeger's `--query.max-clock-skew-adjustment` in µs; 0, Jaeger's default, only warns. */
  readonly maxClockSkewAdjustUs?: number;
}

class NotFoundError extends Error {}

/**
 * One trace as `GET /api/traces/{traceID}` answers it inside the envelope's `data` array: Jaeger's
 * UI JSON, adjusted (`raw=false`) as jaeger-query adjusts it; undefined when the store has none.
 * `traceId` is already parsed (32 lower-case digits).
 */
export function adjustedTraceJson(
  store: TraceStore,
  traceId: string,
  adjust: AdjustOptions,
): string | undefined {
  const spans = store.getTrace(traceId);
  if (spans === undefined) return undefined;
  adjustTrace(spans, adjust);
  return traceJson(spans);
}

function searchParams(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://localhost').searchParams;
}

function send(res: Response, status: number, body: string): void {
  res.status(status).type('application/json').send(body);
}

const list = (items: readonly unknown[]): string => JSON.stringify(items);

export function createJaegerQueryRouter(deps: JaegerQueryDeps): Router {
  const { store } = deps;
  const now = deps.nowMs ?? Date.now;
  const adjust: AdjustOptions = { maxClockSkewAdjustUs: deps.maxClockSkewAdjustUs ?? 0 };
  const render = (spans: JaegerSpan[], adjusted: boolean): string => {
    if (adjusted) adjustTrace(spans, adjust);
    return traceJson(spans);
  };
  const router = Router();

  router.get('/api/services', (_req, res) => {
    const services = store.services();
    send(res, 200, envelopeJson(list(services), { total: services.length }));
  });

  router.get('/api/services/:service/operations', (req, res) => {
    const names = [...new Set(store.operations(req.params.service).map((op) => op.name))];
    send(res, 200, envelopeJson(list(names), { total: names.length }));
  });

  router.get('/api/operations', (req, res) => {
    const params = searchParams(req);
    const service = params.get('service') ?? '';
    if (service === '') throw new QueryParamError("parameter 'service' is required");
    // Matched as given, as Jaeger's stores do: an unknown kind finds nothing.
    const operations = store.operations(service, params.get('spanKind') ?? '');
    send(res, 200, envelopeJson(list(operations), { total: operations.length }));
  });

  router.get('/api/traces', (req, res) => {
    const { traceIds, query } = parseTraceSearch(searchParams(req), now() * 1000);
    const errors: StructuredError[] = [];
    let traces: JaegerSpan[][];
    if (traceIds.length > 0) {
      traces = [];
      for (const id of traceIds) {
        const trace = store.getTrace(id);
        if (trace === undefined) errors.push({ msg: 'trace not found', traceID: formatTraceId(id) });
        else traces.push(trace);
      }
    } else {
      traces = store.findTraces(query);
    }
    send(res, 200, envelopeJson(`[${traces.map((t) => render(t, true)).join(',')}]`, { errors }));
  });

  router.get('/api/traces/:traceID', (req, res) => {
    const parsed = parseTraceId(req.params.traceID);
    if ('error' in parsed) throw new QueryParamError(`unable to parse param 'traceID': ${parsed.error}`);
    if (!isRaw(searchParams(req))) {
      const json = adjustedTraceJson(store, parsed.id, adjust);
      if (json === undefined) throw new NotFoundError('trace not found');
      send(res, 200, envelopeJson(`[${json}]`));
      return;
    }
    const trace = store.getTrace(parsed.id);
    if (trace === undefined) throw new NotFoundError('trace not found');
    send(res, 200, envelopeJson(`[${render(trace, false)}]`));
  });

  router.get('/api/dependencies', (req, res) => {
    const params = searchParams(req);
    const window = parseDependencyWindow(params, now());
    const service = params.get('service') ?? '';
    const links = store
      .dependencies(window)
      .filter((link) => service === '' || link.parent === service || link.child === service);
    send(res, 200, envelopeJson(list(links)));
  });

  const errors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = error instanceof QueryParamError ? 400 : error instanceof NotFoundError ? 404 : 500;
    const msg = error instanceof Error ? error.message : String(error);
    send(res, status, envelopeJson('null', { errors: [{ code: status, msg }] }));
  };
  router.use(errors);
  return router;
}
