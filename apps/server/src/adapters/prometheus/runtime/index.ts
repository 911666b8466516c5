export {
  ENVOY_METRICS_PATH,
  PROMETHEUS_TARGETS_PATH,
  isHostPort,
  prometheusTargets,
  sanitizeLabelName,
  serveTargets,
} from './targets.ts';
export type { ProxyKind, ScrapeProxy, TargetGroup } from './targets.ts';
export {
  CONTROL_PLANE_JOB,
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
  ENVOY_STATS_JOB,
  prometheusConfig,
  prometheusConfigYaml,
} from './config.ts';
export type { ControlPlaneScrape, PrometheusConfigOptions } from './config.ts';
export {
  PrometheusRuntimeError,
  prometheusErrorCodes,
  resolvePrometheus,
  startPrometheus,
} from './prometheus-process.ts';
export type {
  PrometheusErrorCode,
  PrometheusExit,
  PrometheusProcess,
  PrometheusSource,
  StartPrometheusOptions,
} from './prometheus-process.ts';
