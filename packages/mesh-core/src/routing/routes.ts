/**
 * VirtualService HTTP rules → snapshot routes, for one proxy and one port, as Istio's
 * `translateRoute` does. Conditions Istio evaluates when it generates config rather than per
 * request are applied here to the proxy: a match block whose `sourceLabels` are not all on the
 * proxy, whose `sourceNamespace` is not the proxy's, whose `gateways` (or the VirtualService's
 * when the block names none) do not include the proxy's context (`mesh` or `<ns>/<gateway>`), or
 * whose `port` is not the listener's, is dropped; a rule whose blocks are all dropped is dropped.
 * Destination hosts resolve as Istio's ResolveShortnameToFQDN does (short names in the
 * VirtualService's namespace). Each route carries the rule's timeout, retries, fault, mirrors and
 * CORS policy (`route-policy.ts`): these routes serve sidecar outbound and gateway listeners, which
 * Istio gives its default retry policy when a rule names none.
 */
import type { VirtualServiceSpec } from '../config/istio-types.gen.ts';
import type { IstioResource } from '../config/resource.ts';
import type { ValidationContext } from '../validation/context.ts';
import { parseHost, selectorMatches, serviceAt } from '../validation/hosts.ts';
import { defaultRetryPolicy, hashesConsistently, rulePolicy } from './route-policy.ts';
import type { IstioDestination, ResolvedDestination } from './route-policy.ts';
import type { HeaderOperations, HeaderPolicy, Route, RouteMatch, StringMatch } from './snapshot.ts';
import { outboundClusterName } from './snapshot.ts';

type HttpRule = NonNullable<VirtualServiceSpec['http']>[number];
type IstioMatch = NonNullable<HttpRule['match']>[number];
type IstioStringMatch = { exact?: string; prefix?: string; regex?: string };
type IstioHeaderOps = NonNullable<NonNullable<HttpRule['headers']>['request']>;

export interface RouteScope {
  readonly ctx: ValidationContext;
  readonly proxy: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  /** `mesh` for a sidecar; `<namespace>/<name>` of the Gateway being compiled otherwise. */
  readonly context: string;
  /** The listener port the routes serve. */
  readonly port: number;
}

/** A VirtualService gateway reference as `<namespace>/<name>` (or `mesh`). */
export function gatewayKey(ref: string, vsNamespace: string): string {
  return ref === 'mesh' || ref.includes('/') ? ref : `${vsNamespace}/${ref}`;
}

/** Whether a VirtualService applies in `context` (no gateways means `mesh` only). */
export function boundTo(vs: IstioResource<'VirtualService'>, context: string): boolean {
  const gateways = vs.spec.gateways ?? [];
  if (gateways.length === 0) return context === 'mesh';
  return gateways.some((g) => gatewayKey(g, vs.metadata.namespace) === context);
}

function stringMatch(m: IstioStringMatch | undefined): StringMatch | undefined {
  if (!m) return undefined;
  if (m.exact !== undefined) return { kind: 'exact', value: m.exact };
  if (m.prefix !== undefined) return { kind: 'prefix', value: m.prefix };
  if (m.regex !== undefined) return { kind: 'regex', value: m.regex };
  return { kind: 'present' };
}

function namedMatches(map: Record<string, IstioStringMatch> | undefined): RouteMatch['headers'] {
  return Object.entries(map ?? {}).map(([name, m]) => ({
    name: name.toLowerCase(),
    match: stringMatch(m) ?? { kind: 'present' },
  }));
}

function appliesHere(m: IstioMatch, vs: IstioResource<'VirtualService'>, scope: RouteScope): boolean {
  if (m.port !== undefined && m.port !== scope.port) return false;
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== scope.proxy.namespace) return false;
  if (m.sourceLabels && !selectorMatches(m.sourceLabels, scope.proxy.labels)) return false;
  const gateways = m.gateways ?? [];
  if (gateways.length > 0)
    return gateways.some((g) => gatewayKey(g, vs.metadata.namespace) === scope.context);
  return true;
}

function translateMatch(m: IstioMatch): RouteMatch {
  const uri = stringMatch(m.uri);
  const scheme = stringMatch(m.scheme);
  const method = stringMatch(m.method);
  const authority = stringMatch(m.authority);
  return {
    ...(m.name !== undefined ? { name: m.name } : {}),
    ...(uri && uri.kind !== 'present' ? { uri } : {}),
    ignoreUriCase: m.ignoreUriCase === true,
    ...(scheme ? { scheme } : {}),
    ...(method ? { method } : {}),
    ...(authority ? { authority } : {}),
    headers: namedMatches(m.headers),
    withoutHeaders: namedMatches(m.withoutHeaders),
    queryParams: Object.entries(m.queryParams ?? {}).map(([name, q]) => ({
      name,
      match: stringMatch(q) ?? { kind: 'present' },
    })),
  };
}

function operations(ops: IstioHeaderOps | undefined): HeaderOperations {
  const lower = (r: Record<string, string> | undefined): Array<[string, string]> =>
    Object.entries(r ?? {}).map(([k, v]) => [k.toLowerCase(), v]);
  return {
    set: lower(ops?.set),
    add: lower(ops?.add),
    remove: (ops?.remove ?? []).map((h) => h.toLowerCase()),
  };
}

function headerPolicy(h: HttpRule['headers']): HeaderPolicy | undefined {
  if (!h?.request && !h?.response) return undefined;
  return { request: operations(h.request), response: operations(h.response) };
}

/**
 * A destination's cluster, as Istio's GetDestinationCluster names it: the port written, else the
 * service's only port, else the listener's.
 */
function resolveDestination(
  destination: IstioDestination,
  vs: IstioResource<'VirtualService'>,
  scope: RouteScope,
): ResolvedDestination {
  const host = parseHost(destination.host, vs.metadata.namespace, scope.ctx).fqdn;
  const service = serviceAt(host, scope.ctx);
  const only = service?.ports.length === 1 ? service.ports[0]?.port : undefined;
  const port = destination.port?.number ?? only ?? scope.port;
  const subset = destination.subset;
  return {
    cluster: outboundClusterName(port, subset, host),
    host,
    ...(subset !== undefined ? { subset } : {}),
    port,
  };
}

function action(
  rule: HttpRule,
  vs: IstioResource<'VirtualService'>,
  scope: RouteScope,
): Route['action'] | undefined {
  if (rule.redirect) {
    const r = rule.redirect;
    return {
      type: 'redirect',
      ...(r.uri !== undefined ? { uri: r.uri } : {}),
      ...(r.authority !== undefined ? { authority: r.authority } : {}),
      ...(r.scheme !== undefined ? { scheme: r.scheme } : {}),
      ...(r.port !== undefined ? { port: r.port } : {}),
      ...(r.derivePort !== undefined ? { derivePort: r.derivePort } : {}),
      redirectCode: r.redirectCode ?? 301,
    };
  }
  if (rule.directResponse) {
    const { status, body } = rule.directResponse;
    if (body?.bytes !== undefined)
      return { type: 'directResponse', status, body: body.bytes, bodyEncoding: 'base64' };
    return {
      type: 'directResponse',
      status,
      ...(body?.string !== undefined ? { body: body.string } : {}),
      bodyEncoding: 'utf8',
    };
  }
  const route = rule.route ?? [];
  if (route.length === 0) return undefined;
  const destinations = route.map((d) => {
    const headers = headerPolicy(d.headers);
    return {
      ...resolveDestination(d.destination, vs, scope),
      weight: d.weight ?? (route.length === 1 ? 100 : 0),
      ...(headers ? { headers } : {}),
    };
  });
  const rw = rule.rewrite;
  const rewrite = rw && {
    ...(rw.uri !== undefined ? { uri: rw.uri } : {}),
    ...(rw.uriRegexRewrite?.match !== undefined
      ? { uriRegexRewrite: { match: rw.uriRegexRewrite.match, rewrite: rw.uriRegexRewrite.rewrite ?? '' } }
      : {}),
    ...(rw.authority !== undefined ? { authority: rw.authority } : {}),
  };
  return { type: 'route', destinations, ...(rewrite ? { rewrite } : {}) };
}

/** The routes a VirtualService contributes to one listener port of one proxy, in order. */
export function translateHttpRoutes(vs: IstioResource<'VirtualService'>, scope: RouteScope): Route[] {
  const routes: Route[] = [];
  (vs.spec.http ?? []).forEach((rule, index) => {
    // Delegation (a rule handing over to another VirtualService) is not supported yet.
    if (rule.delegate) return;
    const written = rule.match ?? [];
    const kept = written.filter((m) => appliesHere(m, vs, scope));
    if (written.length > 0 && kept.length === 0) return;
    const act = action(rule, vs, scope);
    if (!act) return;
    const headers = headerPolicy(rule.headers);
    const only = rule.route?.length === 1 ? rule.route[0]?.destination : undefined;
    const target = only && act.type === 'route' ? act.destinations[0] : undefined;
    const policy = rulePolicy({
      rule,
      forwards: act.type === 'route',
      resolve: (d) => resolveDestination(d, vs, scope),
      consistentHash:
        target !== undefined &&
        hashesConsistently(
          { fqdn: target.host, subset: target.subset, port: only?.port?.number },
          scope.ctx,
          scope.proxy.namespace,
        ),
    });
    routes.push({
      name: `${vs.metadata.namespace}/${vs.metadata.name}/${rule.name ?? String(index)}`,
      matches: kept.map(translateMatch),
      action: act,
      ...(headers ? { headers } : {}),
      ...(policy ? { policy } : {}),
    });
  });
  return routes;
}

/**
 * The route of a service without VirtualService: everything to its cluster, with Istio's default
 * retry policy (pilot's BuildDefaultHTTPOutboundRoute keeps the previous-hosts predicate even when
 * the DestinationRule hashes consistently).
 */
export function defaultRoute(fqdn: string, port: number): Route {
  return {
    name: 'default',
    matches: [],
    action: {
      type: 'route',
      destinations: [{ cluster: outboundClusterName(port, undefined, fqdn), host: fqdn, port, weight: 100 }],
    },
    policy: { retries: defaultRetryPolicy(), mirrors: [] },
  };
}
