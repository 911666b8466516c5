/**
 * The trace page's request, started by its route as soon as the URL is known, while the page's
 * code is still loading (a 5,000-span trace is ~10 MB: waiting for the chunk first costs a few
 * hundred milliseconds). The page's query takes the started response once; one nobody takes
 * (the trace was cached, the user went elsewhere) is aborted after a while.
 */
const UNCLAIMED_MS = 15_000;

const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

interface Started {
  readonly response: Promise<Response>;
  readonly timer: ReturnType<typeof setTimeout>;
}

const started = new Map<string, Started>();

export function tracePath(traceId: string): string {
  return `/api/traces/${encodeURIComponent(traceId)}`;
}

/** Starts `GET /api/traces/{traceId}` unless the id is invalid or a request for it is waiting. */
export function prefetchTrace(traceId: string): void {
  const key = traceId.toLowerCase();
  if (!TRACE_ID.test(traceId) || started.has(key)) return;
  const abort = new AbortController();
  const response = fetch(tracePath(traceId), {
    headers: { accept: 'application/json' },
    signal: abort.signal,
  });
  // An unclaimed request's failure is nobody's to report.
  response.catch(() => undefined);
  const timer = setTimeout(() => {
    started.delete(key);
    abort.abort();
  }, UNCLAIMED_MS);
  started.set(key, { response, timer });
}

/** The started request for `traceId`, once; undefined when none is waiting. */
export function takePrefetchedTrace(traceId: string): Promise<Response> | undefined {
  const key = traceId.toLowerCase();
  const entry = started.get(key);
  if (entry === undefined) return undefined;
  started.delete(key);
  clearTimeout(entry.timer);
  return entry.response;
}
