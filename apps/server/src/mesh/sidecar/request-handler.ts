/**
 * The request path of every listener (outbound, inbound, gateway). Pure, synchronous work until
 * the upstream call: read the authority (absolute-form URI from an `HTTP_PROXY` client, else the
 * Host header), route on the snapshot current when the request began, then answer locally or
 * forward. Everything the request learns goes into its `Exchange`, reported once at the end.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { routeRequest } from '@meshlens/mesh-core/routing';
import type { ProxySnapshot, RouteResult } from '@meshlens/mesh-core/routing';
import { localReply, PEER_METADATA_HEADER, PEER_METADATA_ID_HEADER } from '@meshlens/mesh-core/telemetry';
import type { LocalReply } from '@meshlens/mesh-core/telemetry';
import type { ActiveConfig } from './active-config.ts';
import { Exchange } from './exchange.ts';
import type { ListenerBinding } from './exchange.ts';
import {
  applyRequestOps,
  applyResponseOps,
  cookieValue,
  dropHeader,
  forwardableHeaders,
  headerString,
} from './headers.ts';
import { injectFault } from './fault.ts';
import type { HashInput } from './load-balancer.ts';
import { sendLocalReply, writeReply } from './local-replies.ts';
import { sendMirrors } from './mirror.ts';
import { compileRetryPolicy } from './retry-policy.ts';
import { corsRequest } from './resilience/cors.ts';
import { UpstreamCall } from './router.ts';
import type { ForwardPlan } from './router.ts';
import type { SidecarRuntime } from './runtime.ts';

const noRoute = localReply({ reason: 'no_route' });
const noHealthyUpstream = localReply({ reason: 'no_healthy_upstream' });
const missingHost = localReply({ reason: 'bad_request', codecDetails: 'http1.missing_host_header' });
const http10 = localReply({ reason: 'http10_not_accepted' });
const limitedReplies = new Map<number, LocalReply>();

/** Envoy's local rate limit reply, at the status the filter is configured with (429 by default). */
function rateLimited(status: number): LocalReply {
  let reply = limitedReplies.get(status);
  if (reply === undefined) {
    reply = { ...localReply({ reason: 'rate_limited' }), status };
    limitedReplies.set(status, reply);
  }
  return reply;
}

/** `host` and `port` of an authority; `port` undefined when it names none. */
export function splitAuthority(authority: string): { host: string; port: number | undefined } {
  const colon = authority.lastIndexOf(':');
  if (colon < 0 || authority.endsWith(']')) return { host: authority, port: undefined };
  const port = Number(authority.slice(colon + 1));
  return { host: authority.slice(0, colon), port: Number.isInteger(port) ? port : undefined };
}

/** A host as the mesh's DNS resolves it: `name`, `name.ns` and `name.ns.svc` become FQDNs. */
export function meshFqdn(host: string, proxy: ProxySnapshot['proxy']): string {
  if (host === '' || /^[\d.]+$/.test(host) || host.startsWith('[')) return host;
  const dots = host.split('.').length - 1;
  if (dots === 0) return `${host}.${proxy.namespace}.svc.${proxy.clusterDomain}`;
  if (dots === 1) return `${host}.svc.${proxy.clusterDomain}`;
  if (host.endsWith('.svc')) return `${host}.${proxy.clusterDomain}`;
  return host;
}

function readTarget(x: Exchange, req: IncomingMessage): boolean {
  const url = x.path;
  if (url.charCodeAt(0) !== 47 /* '/' */ && (url.startsWith('http://') || url.startsWith('https://'))) {
    const start = url.indexOf('//') + 2;
    const slash = url.indexOf('/', start);
    x.authority = slash < 0 ? url.slice(start) : url.slice(start, slash);
    x.path = slash < 0 ? '/' : url.slice(slash);
    return x.authority !== '';
  }
  const host = req.headers.host;
  if (host === undefined || host === '') return false;
  x.authority = host;
  return true;
}

function hashInput(req: IncomingMessage, path: string, generated: { cookie?: string }): HashInput {
  return {
    header: (name) => headerString(req.headers[name]),
    cookie: (name) => cookieValue(req.headers.cookie, name) ?? generated.cookie,
    query: (name) =>
      new URLSearchParams(path.slice(path.indexOf('?') + 1 || path.length)).get(name) ?? undefined,
    sourceIp: req.socket.remoteAddress ?? '',
  };
}

function startSpan(x: Exchange, req: IncomingMessage, operation: string): void {
  x.span = x.runtime.tracer.startSpan({
    kind: x.binding.role === 'inbound' ? 'server' : 'client',
    name: operation,
    headers: req.headers,
    method: x.method,
    url: `http://${x.authority}${x.path}`,
    requestId: x.requestId,
    protocol: `HTTP/${req.httpVersion}`,
    ...(req.headers['user-agent'] !== undefined ? { userAgent: req.headers['user-agent'] } : {}),
    ...(req.socket.remoteAddress !== undefined ? { peerAddress: req.socket.remoteAddress } : {}),
    ...(x.source ? { downstreamCluster: `${x.source.workloadName}.${x.source.namespace}` } : {}),
    startTimeMs: x.startMs,
  });
}

function forwardRoute(
  x: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  config: ActiveConfig,
  result: Extract<RouteResult, { kind: 'forward' }>,
  port: number,
  responseHeadersToAdd: OutgoingHttpHeaders | undefined,
): void {
  const cluster = result.cluster;
  const runtime = config.clusters.get(cluster.name);
  if (!runtime) {
    sendLocalReply(x, res, noHealthyUpstream);
    return;
  }
  let passthrough: ForwardPlan['passthrough'];
  let setCookie: string | undefined;
  let hash: HashInput | undefined;
  if (cluster.kind === 'passthrough') {
    // ALLOW_ANY: the request goes where its authority says, as Envoy's PassthroughCluster does.
    const { host, port: p } = splitAuthority(result.authority);
    passthrough = { host, port: p ?? port };
  } else {
    const generated: { cookie?: string } = {};
    if (runtime.hashCookie && cookieValue(req.headers.cookie, runtime.hashCookie.name) === undefined) {
      // Envoy generates the affinity cookie when the client has none and a TTL is set.
      generated.cookie = randomUUID().replaceAll('-', '').slice(0, 16);
      const c = runtime.hashCookie;
      setCookie = `${c.name}="${generated.cookie}"; Max-Age=${parseInt(c.ttl ?? '0', 10) || 0}${c.path ? `; Path=${c.path}` : ''}; HttpOnly`;
    }
    if (cluster.lbPolicy.type === 'CONSISTENT_HASH') hash = hashInput(req, x.path, generated);
  }
  const headers: OutgoingHttpHeaders = forwardableHeaders(req.headers);
  if (x.binding.role === 'inbound') {
    dropHeader(headers, PEER_METADATA_HEADER);
    dropHeader(headers, PEER_METADATA_ID_HEADER);
  } else {
    headers[PEER_METADATA_HEADER] = x.runtime.identity.metadataHeader;
    headers[PEER_METADATA_ID_HEADER] = x.runtime.identity.nodeId;
  }
  headers['x-request-id'] = x.requestId;
  if (headers['x-forwarded-proto'] === undefined) headers['x-forwarded-proto'] = 'http';
  if (x.binding.role === 'gateway') {
    const remote = req.socket.remoteAddress ?? '';
    const xff = headerString(req.headers['x-forwarded-for']);
    headers['x-forwarded-for'] = xff === undefined ? remote : `${xff}, ${remote}`;
  }
  applyRequestOps(headers, result.routeHeaders, result.destinationHeaders);
  headers.host = result.authority;
  if (result.path !== x.path) {
    headers['x-envoy-original-path'] = x.path;
    x.originalPath = x.path;
    x.path = result.path;
  }
  x.span?.inject(headers);
  const policy = result.policy;
  const timeoutMs = policy?.timeoutMs ?? 0;
  const call = new UpstreamCall(x, req, res, headers, {
    cluster: runtime,
    passthrough,
    hash,
    timeoutMs,
    retry: policy?.retries ? compileRetryPolicy(policy.retries) : undefined,
    routeHeaders: result.routeHeaders,
    destinationHeaders: result.destinationHeaders,
    setCookie,
    responseHeadersToAdd,
  });
  call.start();
  if (policy && policy.mirrors.length > 0) {
    sendMirrors(config, policy.mirrors, {
      method: x.method,
      path: x.path,
      headers,
      body: call.body,
      timeoutMs,
    });
  }
}

export function handleRequest(
  runtime: SidecarRuntime,
  binding: ListenerBinding,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const config = runtime.holder.current;
  const x = new Exchange(runtime, binding, req);
  res.on('close', () => {
    x.finish();
  });
  const incomingId = req.headers['x-request-id'];
  x.requestId = typeof incomingId === 'string' && incomingId !== '' ? incomingId : randomUUID();
  if (binding.role === 'inbound') {
    const meta = headerString(req.headers[PEER_METADATA_HEADER]);
    if (meta !== undefined) {
      x.source = runtime.peers.get(meta);
      x.sourceKey = meta;
    }
    x.destination = runtime.identity.metadata;
    x.destinationKey = 'self';
  } else {
    x.source = runtime.identity.metadata;
    x.sourceKey = 'self';
  }
  if (req.httpVersionMajor === 0 || (req.httpVersionMajor === 1 && req.httpVersionMinor === 0)) {
    // Istio's listeners do not accept HTTP/1.0 (or 0.9): Envoy answers 426 (`ab` users meet this).
    runtime.proxyMetrics.countProtocolError('other');
    sendLocalReply(x, res, http10);
    return;
  }
  const contentType = req.headers['content-type'];
  x.grpc = contentType !== undefined && contentType.startsWith('application/grpc');
  if (!readTarget(x, req) || config === undefined) {
    sendLocalReply(x, res, missingHost);
    return;
  }
  const { host, port: authorityPort } = splitAuthority(x.authority);
  const port = binding.role === 'outbound' ? (authorityPort ?? 80) : binding.port;
  const table = config.routes.tableFor(binding.listener, port);
  const result: RouteResult = table
    ? routeRequest(table, { method: x.method, path: x.path, authority: x.authority, headers: req.headers })
    : { kind: 'localReply', reason: 'no_route', reply: noRoute, cluster: undefined };
  const service = result.kind === 'forward' && result.cluster.service ? result.cluster.service : undefined;
  if (runtime.tracer.enabled) {
    // Envoy's default decorator: `<service host>:<port>/*`.
    const operationHost = service?.fqdn ?? meshFqdn(host, config.snapshot.proxy);
    startSpan(x, req, `${operationHost}:${service?.port ?? port}/*`);
  }
  // Istio's HTTP filter chain before the router: local rate limit (inserted first by the
  // EnvoyFilter), CORS, fault.
  const policy = result.kind === 'localReply' ? undefined : result.policy;
  const limiter = config.rateLimiter(binding.listener, policy);
  if (limiter !== undefined && limiter.decide() === 'limited') {
    x.routeName = result.kind === 'localReply' ? undefined : result.route;
    sendLocalReply(x, res, rateLimited(limiter.status), limiter.responseHeaders);
    return;
  }
  if (result.kind === 'localReply') {
    x.upstreamCluster = result.cluster;
    // Istio's host-header fallback names the service as the client addressed it.
    x.destinationService = result.cluster === 'BlackHoleCluster' ? result.cluster : x.authority;
    sendLocalReply(x, res, result.reply);
    return;
  }
  x.routeName = result.route;
  if (result.kind === 'forward') {
    // Envoy picks the cluster with the route, before any filter runs: a request a filter answers
    // (a fault's abort, a CORS preflight) is still reported against its destination.
    const cluster = result.cluster;
    x.upstreamCluster = cluster.name;
    x.destinationService =
      cluster.kind === 'passthrough'
        ? cluster.name
        : (cluster.service?.fqdn ?? meshFqdn(splitAuthority(x.authority).host, config.snapshot.proxy));
  }
  let corsHeaders: OutgoingHttpHeaders | undefined;
  const cors = config.cors(policy);
  if (cors !== undefined) {
    const outcome = corsRequest(cors, x.method, req.headers);
    if (outcome.kind === 'preflight') {
      x.details = 'cors_response';
      writeReply(x, res, 200, '', outcome.headers);
      return;
    }
    if (outcome.kind === 'cors') corsHeaders = outcome.responseHeaders;
  }
  const fault = policy?.fault;
  if (fault)
    injectFault(x, res, fault, corsHeaders, () => {
      dispatch(x, req, res, config, result, port, corsHeaders);
    });
  else dispatch(x, req, res, config, result, port, corsHeaders);
}

/** The route's action, once the filters before the router let the request through. */
function dispatch(
  x: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  config: ActiveConfig,
  result: Exclude<RouteResult, { kind: 'localReply' }>,
  port: number,
  corsHeaders: OutgoingHttpHeaders | undefined,
): void {
  switch (result.kind) {
    case 'redirect': {
      const headers: OutgoingHttpHeaders = { ...corsHeaders, location: result.location };
      applyResponseOps(headers, result.routeHeaders, undefined);
      writeReply(x, res, result.status, '', headers);
      return;
    }
    case 'directResponse': {
      const headers: OutgoingHttpHeaders = { ...corsHeaders };
      applyResponseOps(headers, result.routeHeaders, undefined);
      const body = result.bodyEncoding === 'base64' ? Buffer.from(result.body, 'base64') : result.body;
      writeReply(x, res, result.status, body, headers);
      return;
    }
    case 'forward':
      forwardRoute(x, req, res, config, result, port, corsHeaders);
  }
}
