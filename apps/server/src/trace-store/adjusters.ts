/**
 * The adjusters Jaeger's query service applies to every trace it returns unless `raw=true`
 * (`cmd/query/app/querysvc/adjusters.go` `StandardAdjusters`, model/v1 era), in the same order:
 *
 * 1. ZipkinSpanIDUniquifier: a server span sharing its id with a client span (Zipkin-style RPC)
 *    gets a fresh id (the lowest unused, counting from 1) and the shared id as its parent.
 * 2. Deduplication by span hash happens at ingest instead: the store keeps one copy of a span.
 * 3. ClockSkew: a child from another host (process tag `ip`; none means "unknown, compare") that
 *    does not fit in its parent is shifted to the middle of it, by at most `maxClockSkewAdjustUs`;
 *    with 0 (Jaeger's default) the span only gets a warning naming the delta. Jaeger also warns
 *    about parents missing from the trace; that warning is left out, as the contract fixture
 *    (a span whose parent was never received) shows none.
 * 4. IPTagAdjuster: int64 `ip` and `peer.ipv4` tags become dotted quads.
 * 5. OTelTagAdjuster: `telemetry.sdk.*` and `telemetry.distro.*` span tags move to the process;
 *    process tags are sorted by key.
 * 6. SortLogFields: in every log, `event` first, then the other fields sorted by key.
 * 7. SpanReferences: references to the all-zero trace id are removed, with a warning.
 * 8. ParentReference: the first CHILD_OF reference within the trace goes first.
 */
import { formatGoDuration } from './go-format.ts';
import type { JaegerSpan, JaegerTag } from './jaeger-model.ts';
import { parentSpanId, spanKindOf } from './jaeger-model.ts';

export interface AdjustOptions {
  /** Jaeger's `--query.max-clock-skew-adjustment`, in microseconds; 0 (the default) only warns. */
  readonly maxClockSkewAdjustUs: number;
}

function addWarning(span: JaegerSpan, warning: string): void {
  span.warnings = [...(span.warnings ?? []), warning];
}

/** `Span.ReplaceParentID`: retarget the parent reference, or add one in front. */
function replaceParentId(span: JaegerSpan, newParent: string): void {
  const oldParent = parentSpanId(span) ?? '0000000000000000';
  const ref = span.references.find((r) => r.spanID === oldParent && r.traceID === span.traceID);
  if (ref !== undefined) {
    ref.spanID = newParent;
  } else if (!span.references.some((r) => r.spanID === newParent && r.traceID === span.traceID)) {
    span.references.unshift({ refType: 'CHILD_OF', traceID: span.traceID, spanID: newParent });
  }
}

function uniquifyZipkinSpanIds(spans: JaegerSpan[]): void {
  const byId = new Map<string, JaegerSpan[]>();
  for (const span of spans) byId.set(span.spanID, [...(byId.get(span.spanID) ?? []), span]);
  const renamed = new Map<string, string>();
  let next = 1n;
  for (const span of spans) {
    const shared = byId.get(span.spanID) ?? [];
    if (spanKindOf(span.tags) !== 'server' || !shared.some((s) => spanKindOf(s.tags) === 'client')) continue;
    while (byId.has(next.toString(16).padStart(16, '0'))) next += 1n;
    const newId = next.toString(16).padStart(16, '0');
    next += 1n;
    renamed.set(span.spanID, newId);
    replaceParentId(span, span.spanID);
    span.spanID = newId;
  }
  for (const span of spans) {
    const newParent = renamed.get(parentSpanId(span) ?? '');
    if (newParent !== undefined && newParent !== span.spanID) replaceParentId(span, newParent);
  }
}

function ipv4(value: bigint): string {
  const u = BigInt.asUintN(32, value);
  return [24n, 16n, 8n, 0n].map((shift) => ((u >> shift) & 255n).toString()).join('.');
}

function hostKey(span: JaegerSpan): string {
  const tag = span.process.tags.find((t) => t.key === 'ip');
  if (tag?.type === 'string') return tag.value;
  if (tag?.type === 'int64') return ipv4(BigInt(tag.value));
  return '';
}

function adjustClockSkew(spans: JaegerSpan[], maxDeltaUs: number): void {
  const nodes = new Map<string, { span: JaegerSpan; children: JaegerSpan[] }>();
  for (const span of spans) {
    if (nodes.has(span.spanID)) addWarning(span, 'duplicate span IDs; skipping clock skew adjustment');
    else nodes.set(span.spanID, { span, children: [] });
  }
  const roots: JaegerSpan[] = [];
  for (const { span } of nodes.values()) {
    const parent = nodes.get(parentSpanId(span) ?? '');
    if (parent === undefined) roots.push(span);
    else parent.children.push(span);
  }
  const skewOf = (child: JaegerSpan, parent: JaegerSpan): number => {
    if (child.duration > parent.duration) {
      return child.startTime < parent.startTime ? parent.startTime - child.startTime : 0;
    }
    const fits =
      child.startTime >= parent.startTime &&
      child.startTime + child.duration <= parent.startTime + parent.duration;
    return fits ? 0 : parent.startTime + Math.trunc((parent.duration - child.duration) / 2) - child.startTime;
  };
  const visit = (
    span: JaegerSpan,
    parent: JaegerSpan | undefined,
    inherited: { host: string; deltaUs: number },
  ) => {
    const host = hostKey(span);
    const skew =
      parent !== undefined && (host !== inherited.host || host === '')
        ? { host, deltaUs: skewOf(span, parent) }
        : inherited;
    if (skew.deltaUs !== 0) {
      const delta = formatGoDuration(BigInt(skew.deltaUs) * 1000n);
      if (Math.abs(skew.deltaUs) > maxDeltaUs) {
        addWarning(
          span,
          maxDeltaUs === 0
            ? `clock skew adjustment disabled; not applying calculated delta of ${delta}`
            : `max clock skew adjustment delta of ${formatGoDuration(BigInt(maxDeltaUs) * 1000n)} exceeded; not applying calculated delta of ${delta}`,
        );
      } else {
        span.startTime += skew.deltaUs;
        addWarning(span, `This span's timestamps were adjusted by ${delta}`);
        for (const log of span.logs) log.timestamp += skew.deltaUs;
      }
    }
    for (const child of nodes.get(span.spanID)?.children ?? []) visit(child, span, skew);
  };
  for (const root of roots) visit(root, undefined, { host: hostKey(root), deltaUs: 0 });
}

const byKey = (a: JaegerTag, b: JaegerTag): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function fixIpTags(tags: JaegerTag[]): void {
  tags.forEach((tag, i) => {
    if (tag.type === 'int64' && (tag.key === 'ip' || tag.key === 'peer.ipv4')) {
      tags[i] = { key: tag.key, type: 'string', value: ipv4(BigInt(tag.value)) };
    }
  });
}

const LIBRARY_TAG = /^telemetry\.(sdk\.(language|name|version)|distro\.(name|version))$/;

export function adjustTrace(spans: JaegerSpan[], options: AdjustOptions): void {
  uniquifyZipkinSpanIds(spans);
  adjustClockSkew(spans, options.maxClockSkewAdjustUs);
  for (const span of spans) {
    fixIpTags(span.tags);
    fixIpTags(span.process.tags);
    span.process.tags.push(...span.tags.filter((t) => LIBRARY_TAG.test(t.key)));
    span.tags = span.tags.filter((t) => !LIBRARY_TAG.test(t.key));
    span.process.tags.sort(byKey);
    for (const log of span.logs) {
      const event = log.fields.findIndex((f) => f.key === 'event' && f.type === 'string');
      const first = event >= 0 ? log.fields.splice(event, 1) : [];
      log.fields = [...first, ...log.fields.sort(byKey)];
    }
    for (const ref of span.references.filter((r) => /^0+$/.test(r.traceID))) {
      addWarning(
        span,
        `Invalid span reference removed {TraceID:0 SpanID:${ref.spanID} RefType:${ref.refType}}`,
      );
    }
    span.references = span.references.filter((r) => !/^0+$/.test(r.traceID));
    const local = span.references.filter((r) => r.traceID === span.traceID);
    const first = local.find((r) => r.refType === 'CHILD_OF') ?? local[0];
    const index = first === undefined ? -1 : span.references.indexOf(first);
    if (index > 0) {
      const head = span.references[0];
      if (head !== undefined && first !== undefined)
        [span.references[0], span.references[index]] = [first, head];
    }
  }
}
