/**
 * The demo app command line, `main.ts <app> [--version <v>] [--host <address>]`, and the environment
 * it reads, the way Bookinfo's containers are configured:
 * - `PORT`: where to listen (default 9080; 0 picks a free port);
 * - `HTTP_PROXY` (or `http_proxy`): the sidecar to send outbound calls through, `http://host:port`;
 * - `SERVICES_DETAILS`, `SERVICES_REVIEWS`, `SERVICES_RATINGS`: `host:port` to call a service at
 *   directly, where there is no service DNS (tests, a platform without sidecars);
 * - `HOSTNAME`, `CLUSTER_NAME`: what reviews reports as its pod and cluster.
 * Every invalid value is reported, by name; nothing falls back silently.
 */
import { DEMO_APPS, DEMO_APP_VERSIONS, UPSTREAM_SERVICES, isDemoAppName, isDemoAppVersion } from './apps.ts';
import type { UpstreamService } from './apps.ts';
import type { DemoAppOptions } from './server.ts';
import type { HostPort } from './upstream.ts';

export type ParsedCommand =
  | { readonly ok: true; readonly options: DemoAppOptions }
  | { readonly ok: false; readonly errors: readonly string[] };

export const USAGE = `usage: main.ts <${DEMO_APPS.join('|')}> [--version <version>] [--host <address>]
versions: ${DEMO_APPS.map((app) => `${app}: ${DEMO_APP_VERSIONS[app].join(', ')}`).join('; ')}
environment: PORT (default 9080), HTTP_PROXY, SERVICES_DETAILS|REVIEWS|RATINGS=host:port, HOSTNAME, CLUSTER_NAME`;

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** `host:port` or `[v6]:port`. */
export function parseHostPort(text: string): HostPort | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(text.trim());
  const port = parsePort(match?.[2] ?? '');
  if (!match || port === undefined || port === 0) return undefined;
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** An `http://host[:port]` proxy URL, as `HTTP_PROXY` gives it (a bare `host:port` too). */
export function parseProxy(text: string): HostPort | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || url.hostname === '') return undefined;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? 80 : Number(url.port) };
}

export function parseDemoAppCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedCommand {
  const errors: string[] = [];
  const [app, ...rest] = argv;
  let version: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = inline ?? rest[++i];
    if (flag === '--version' && value !== undefined) version = value;
    else if (flag === '--host' && value !== undefined) host = value;
    else
      errors.push(
        value === undefined && flag.startsWith('--') ? `${flag} needs a value` : `unknown argument "${arg}"`,
      );
  }
  if (app === undefined || !isDemoAppName(app)) {
    errors.push(
      app === undefined ? 'no app given' : `unknown app "${app}": use one of ${DEMO_APPS.join(', ')}`,
    );
    return { ok: false, errors };
  }
  if (version !== undefined && !isDemoAppVersion(app, version)) {
    errors.push(`${app} has no version "${version}": use one of ${DEMO_APP_VERSIONS[app].join(', ')}`);
  }

  const portText = env.PORT;
  const port = portText === undefined || portText === '' ? undefined : parsePort(portText);
  if (portText !== undefined && portText !== '' && port === undefined) {
    errors.push(`PORT="${portText}" is not a port number (0-65535)`);
  }

  const proxyText = env.HTTP_PROXY ?? env.http_proxy;
  const proxy = proxyText === undefined || proxyText === '' ? undefined : parseProxy(proxyText);
  if (proxyText !== undefined && proxyText !== '' && proxy === undefined) {
    errors.push(`HTTP_PROXY="${proxyText}" is not an http://host:port URL`);
  }

  const services: Partial<Record<UpstreamService, HostPort>> = {};
  for (const service of UPSTREAM_SERVICES) {
    const name = `SERVICES_${service.toUpperCase()}`;
    const text = env[name];
    if (text === undefined || text === '') continue;
    const address = parseHostPort(text);
    if (address === undefined) errors.push(`${name}="${text}" is not host:port`);
    else services[service] = address;
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      app,
      version,
      host,
      port,
      proxy,
      services,
      podName: env.HOSTNAME === '' ? undefined : env.HOSTNAME,
      clusterName: env.CLUSTER_NAME === '' ? undefined : env.CLUSTER_NAME,
    },
  };
}
