export {
  DEFAULT_CACHE_MAX_ENTRIES,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_MAX_GET_QUERY_LENGTH,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TIME_BUCKET_SECONDS,
  MAX_RANGE_POINTS,
  PrometheusClient,
} from './prometheus-client.ts';
export type {
  InstantQueryOptions,
  LabelValuesOptions,
  LabelValuesResult,
  MatrixResult,
  PrometheusApi,
  PrometheusClientOptions,
  QueryResult,
  RangeQueryOptions,
  SeriesResult,
  TimeRangeOptions,
  VectorResult,
} from './prometheus-client.ts';
export { PrometheusError, consoleStatusOf, prometheusErrorReasons, prometheusErrorTypes } from './errors.ts';
export type { PrometheusErrorReason, PrometheusErrorType } from './errors.ts';
export { parseSampleValue } from './schema.ts';
export type {
  Labels,
  Matrix,
  MatrixSeries,
  PrometheusBuildInfo,
  QueryData,
  ResultType,
  SamplePair,
  UnixSeconds,
  Vector,
  VectorSample,
} from './schema.ts';
