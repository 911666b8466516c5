/**
 * Prometheus's HTTP API responses as zod schemas (https://prometheus.io/docs/prometheus/latest/querying/api/):
 * the envelope (`status`, `data`, `errorType`, `error`, `warnings`) and the data of each endpoint
 * this client calls. Sample values arrive as strings so that `NaN`, `+Inf` and `-Inf` survive JSON;
 * they are parsed here into JS numbers (`NaN`, `Infinity`, `-Infinity`). Timestamps are Unix
 * seconds with a fractional part, as Prometheus sends them.
 */
import { z } from 'zod';

/** A time in Unix seconds, as Prometheus's API takes and gives them. */
export type UnixSeconds = number;
export type Labels = Readonly<Record<string, string>>;
/** One sample: evaluation time and value. */
export type SamplePair = readonly [timeSeconds: UnixSeconds, value: number];

export interface VectorSample {
  readonly metric: Labels;
  readonly value: SamplePair;
}
export interface MatrixSeries {
  readonly metric: Labels;
  readonly values: readonly SamplePair[];
}
export type Vector = readonly VectorSample[];
export type Matrix = readonly MatrixSeries[];

/** What an instant query returns, by the type of its expression. */
export type QueryData =
  | { readonly resultType: 'vector'; readonly result: Vector }
  | { readonly resultType: 'matrix'; readonly result: Matrix }
  | { readonly resultType: 'scalar'; readonly result: SamplePair }
  | { readonly resultType: 'string'; readonly result: readonly [timeSeconds: UnixSeconds, value: string] };
export type ResultType = QueryData['resultType'];

export interface PrometheusBuildInfo {
  readonly version: string;
  readonly revision?: string | undefined;
  readonly branch?: string | undefined;
  readonly buildUser?: string | undefined;
  readonly buildDate?: string | undefined;
  readonly goVersion?: string | undefined;
}

const special: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  '+Inf': Number.POSITIVE_INFINITY,
  Inf: Number.POSITIVE_INFINITY,
  '-Inf': Number.NEGATIVE_INFINITY,
};
// Go's strconv.FormatFloat output, plus exponents for other servers that speak the API.
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A sample value as Prometheus writes it, or undefined when it is not one. */
export function parseSampleValue(text: string): number | undefined {
  const named = special[text];
  if (named !== undefined) return named;
  return decimal.test(text) ? Number(text) : undefined;
}

const sampleValue = z.string().transform((text, ctx) => {
  const value = parseSampleValue(text);
  if (value !== undefined) return value;
  ctx.issues.push({ code: 'custom', input: text, message: `${JSON.stringify(text)} is not a sample value` });
  return z.NEVER;
});
const timestamp = z.number().refine(Number.isFinite, 'timestamp is not a finite number');
const labels = z.record(z.string(), z.string());
const samplePair = z.tuple([timestamp, sampleValue]);

export const queryDataSchema = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labels, value: samplePair })),
  }),
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labels, values: z.array(samplePair) })),
  }),
  z.object({ resultType: z.literal('scalar'), result: samplePair }),
  z.object({ resultType: z.literal('string'), result: z.tuple([timestamp, z.string()]) }),
]);

export const matrixDataSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(samplePair) })),
});

export const seriesDataSchema = z.array(labels);
export const labelValuesDataSchema = z.array(z.string());

export const buildInfoDataSchema = z.object({
  version: z.string().min(1),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});

/** The part of the envelope shared by every endpoint; `data` is parsed by the endpoint's schema. */
export const envelopeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.custom<unknown>((data) => data !== undefined, 'missing'),
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  }),
  z.object({
    status: z.literal('error'),
    errorType: z.string().optional(),
    error: z.string().optional(),
    warnings: z.array(z.string()).optional(),
  }),
]);

/** A zod failure as one line naming each path that failed, e.g. `data.result[0].value[1]: …`. */
export function describeIssues(error: z.ZodError, root: string): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    let path = root;
    for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
