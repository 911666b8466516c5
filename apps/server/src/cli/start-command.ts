/**
 * `meshlens start` (what `npm start` runs): the whole stack with the Bookinfo demo. Settings come
 * from flags and the environment (config.ts); Ctrl-C stops every child process.
 */
import { Command } from 'commander';
import { ConfigError, loadServerConfig } from '../config.ts';
import type { ServerConfig } from '../config.ts';
import { startMeshlens } from '../main.ts';

interface StartFlags {
  dataDir?: string;
  host?: string;
  controlPlanePort?: string;
  discoveryPort?: string;
  gatewayPort?: string;
  otlpPort?: string;
  jaegerQueryPort?: string;
  prometheusPort?: string;
  prometheusUrl?: string;
  traceExportUrl?: string;
  jaegerUrl?: string;
  tracingServiceNaming?: string;
  traceSampling?: string;
  loadRate?: string;
  demo?: boolean;
}

export function startCommand(): Command {
  return new Command('start')
    .description(
      'Run Meshlens: control plane, mesh (Bookinfo demo), ingress gateway, Prometheus, trace store, load.',
    )
    .option(
      '--data-dir <dir>',
      'config store, Prometheus and trace data (env MESHLENS_DATA_DIR; default .meshlens)',
    )
    .option('--host <address>', 'address the servers bind (env MESHLENS_HOST; default 127.0.0.1)')
    .option(
      '--control-plane-port <port>',
      'control plane port (env MESHLENS_CONTROL_PLANE_PORT; default 15010)',
    )
    .option(
      '--discovery-port <port>',
      'port proxies get their config from (env MESHLENS_DISCOVERY_PORT; default 15012)',
    )
    .option(
      '--gateway-port <port>',
      "the ingress gateway's Bookinfo port (env MESHLENS_GATEWAY_PORT; default 8080)",
    )
    .option('--otlp-port <port>', 'OTLP/HTTP traces port (env MESHLENS_OTLP_PORT; default 4318)')
    .option(
      '--jaeger-query-port <port>',
      'Jaeger query API port (env MESHLENS_JAEGER_QUERY_PORT; default 16686)',
    )
    .option(
      '--prometheus-port <port>',
      'port of the Prometheus started (env MESHLENS_PROMETHEUS_PORT; default 9090)',
    )
    .option('--prometheus-url <url>', 'use this Prometheus instead of starting one (env PROMETHEUS_URL)')
    .option(
      '--trace-export-url <url>',
      'OTLP/HTTP traces URL the proxies export to instead of the embedded store (env MESHLENS_TRACE_EXPORT_URL)',
    )
    .option('--jaeger-url <url>', 'Jaeger query API the console reads traces from (env MESHLENS_JAEGER_URL)')
    .option(
      '--tracing-service-naming <app.namespace|app>',
      'Jaeger service name of an app (env MESHLENS_TRACING_SERVICE_NAMING; default app.namespace)',
    )
    .option(
      '--trace-sampling <percent>',
      'percentage of requests traced (env MESHLENS_TRACE_SAMPLING; default 100)',
    )
    .option('--load-rate <rps>', 'demo load through the gateway (env MESHLENS_LOAD_RATE; default 5)')
    .option('--no-demo', 'do not install Bookinfo into an empty store, and send no load')
    .action(async (flags: StartFlags) => {
      let config: ServerConfig;
      try {
        const { demo, ...rest } = flags;
        config = loadServerConfig(process.env, { ...rest, ...(demo === false ? { demo: 'false' } : {}) });
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        process.stderr.write(`meshlens start: ${e.message}\n`);
        process.exitCode = 2;
        return;
      }
      const log = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      let running: Awaited<ReturnType<typeof startMeshlens>>;
      try {
        running = await startMeshlens(config, log);
      } catch (e) {
        process.stderr.write(`meshlens start: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      log(
        [
          'Meshlens is running.',
          `  console (traffic graph):    ${running.controlPlaneUrl}/graph/namespaces?namespaces=default`,
          `  console API (OpenAPI):      ${running.controlPlaneUrl}/api/openapi.json`,
          `  Bookinfo (ingress gateway): ${running.gatewayUrl}/productpage`,
          `  control plane:              ${running.controlPlaneUrl}  (proxy status: /api/proxy-status)`,
          `  config push to proxies:     ${running.discoveryUrl}`,
          `  Prometheus:                 ${running.prometheusUrl}`,
          `  traces, Jaeger query API:   ${running.jaegerQueryUrl}  (OTLP in: ${running.otlpUrl}/v1/traces)`,
          `  proxies export spans to:    ${running.traceExportUrl}`,
          `  data:                       ${config.dataDir}`,
          'Press Ctrl-C to stop.',
        ].join('\n'),
      );
      const stop = (): void => {
        log('stopping…');
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
