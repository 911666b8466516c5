/**
 * The server's configuration, in one place: every setting has a default, can be set from the
 * environment or a `meshlens start` flag (flags win), and is checked before anything starts; an
 * invalid value is refused with the name of the variable or flag and what it accepts.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });

export const serverConfigSchema = z.object({
  /** Where the config store, Prometheus's data and the trace store live. */
  dataDir: z.string().min(1).default('.meshlens'),
  host: z.string().min(1).default('127.0.0.1'),
  /** The server: config API, proxy status, Prometheus service discovery, the platform's placement. */
  controlPlanePort: port.default(15010),
  /** Where proxies connect for their snapshots (the `meshlens discovery` process). */
  discoveryPort: port.default(15012),
  /** The port users reach the ingress gateway's Bookinfo Gateway (port 8080) on. */
  gatewayPort: port.default(8080),
  otlpPort: port.default(4318),
  jaegerQueryPort: port.default(16686),
  prometheusPort: port.default(9090),
  /** An existing Prometheus to read instead of starting one. */
  prometheusUrl: url.optional(),
  /**
   * Where the proxies export their spans (an OTLP/HTTP traces URL, e.g. a Jaeger collector's
   * `http://jaeger:4318/v1/traces`); by default the embedded trace store.
   */
  traceExportUrl: url.optional(),
  /**
   * The Jaeger query API the console reads traces from (e.g. `http://jaeger:16686`); by default
   * the embedded trace store's. Set it with `traceExportUrl` when spans go to a real Jaeger.
   */
  jaegerUrl: url.optional(),
  /** How the console names an app's Jaeger service: `<app>.<namespace>` (Istio's) or `<app>`. */
  tracingServiceNaming: z.enum(['app.namespace', 'app']).default('app.namespace'),
  /** Percentage of requests the proxies trace; Istio's demo profile traces them all. */
  traceSampling: z.coerce.number().min(0).max(100).default(100),
  /** Requests per second the demo's load generator sends to the gateway (0: none). */
  loadRate: z.coerce.number().min(0).max(1000).default(5),
  /** Whether to install Bookinfo when the store is empty. */
  demo: z.stringbool().default(true),
  /**
   * The built web console the server serves at `/`: by default the one `scripts/setup.sh` builds;
   * the end-to-end tests point it at their own build so they never touch the shared one.
   */
  webDistDir: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../web/dist', import.meta.url))),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

/** Environment variable for each setting. */
export const ENVIRONMENT: Readonly<Record<keyof ServerConfig, string>> = {
  dataDir: 'MESHLENS_DATA_DIR',
  host: 'MESHLENS_HOST',
  controlPlanePort: 'MESHLENS_CONTROL_PLANE_PORT',
  discoveryPort: 'MESHLENS_DISCOVERY_PORT',
  gatewayPort: 'MESHLENS_GATEWAY_PORT',
  otlpPort: 'MESHLENS_OTLP_PORT',
  jaegerQueryPort: 'MESHLENS_JAEGER_QUERY_PORT',
  prometheusPort: 'MESHLENS_PROMETHEUS_PORT',
  prometheusUrl: 'PROMETHEUS_URL',
  traceExportUrl: 'MESHLENS_TRACE_EXPORT_URL',
  jaegerUrl: 'MESHLENS_JAEGER_URL',
  tracingServiceNaming: 'MESHLENS_TRACING_SERVICE_NAMING',
  traceSampling: 'MESHLENS_TRACE_SAMPLING',
  loadRate: 'MESHLENS_LOAD_RATE',
  demo: 'MESHLENS_DEMO',
  webDistDir: 'MESHLENS_WEB_DIST',
};

export class ConfigError extends Error {}

/**
 * Reads the configuration: flags (already named by setting) over environment over defaults.
 * Throws a ConfigError listing every invalid setting by the name the user gave it.
 */
export function loadServerConfig(
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<keyof ServerConfig, unknown>> = {},
): ServerConfig {
  const input: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const key of Object.keys(ENVIRONMENT) as Array<keyof ServerConfig>) {
    const flag = flags[key];
    const fromEnv = env[ENVIRONMENT[key]];
    if (flag !== undefined) {
      input[key] = flag;
      source[key] = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      input[key] = fromEnv;
      source[key] = ENVIRONMENT[key];
    }
  }
  const parsed = serverConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${source[key] ?? key}=${JSON.stringify(input[key])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
