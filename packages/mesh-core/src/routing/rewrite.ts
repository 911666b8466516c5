/**
 * Rewrites and redirects, as Envoy applies Istio's translation of them. `rewrite.uri` is
 * Envoy's prefix_rewrite: it replaces the part of the path the route matched (the prefix of a
 * prefix match, the whole path of an exact or regex match, and `/` when the route matched no
 * uri). `uriRegexRewrite` replaces every match of its RE2 pattern in the path. The query
 * string is kept. A redirect replaces path, host, port and scheme as written, keeping the rest.
 */
import type { CompiledRewrite, Condition, RouteRequest } from './match-conditions.ts';
import type { RouteAction } from './snapshot.ts';

function regexReplace(regex: NonNullable<CompiledRewrite['regex']>, path: string): string {
  return regex.re.matcher(path).replaceAll((...args: unknown[]) => {
    let out = '';
    for (const part of regex.parts) {
      if (typeof part === 'string') out += part;
      else {
        const group = args[part];
        if (typeof group === 'string') out += group;
      }
    }
    return out;
  });
}

export function applyRewrite(
  rewrite: CompiledRewrite,
  fullPath: string,
  path: string,
  matched: Condition | undefined,
): string {
  const query = fullPath.slice(path.length);
  if (rewrite.regex) return regexReplace(rewrite.regex, path) + query;
  if (rewrite.uri === undefined) return fullPath;
  const uri = matched?.uri;
  let matchedLength: number;
  if (!uri) matchedLength = 1;
  else if (uri.kind === 'prefix') matchedLength = uri.value.length;
  else matchedLength = path.length;
  return rewrite.uri + path.slice(matchedLength) + query;
}

function splitHostPort(authority: string): { host: string; port: string | undefined } {
  const colon = authority.lastIndexOf(':');
  if (colon < 0 || authority.endsWith(']')) return { host: authority, port: undefined };
  return { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

export function applyRedirect(
  action: Extract<RouteAction, { type: 'redirect' }>,
  request: RouteRequest,
  path: string,
): string {
  const requestScheme = request.scheme ?? 'http';
  const scheme = action.scheme ?? requestScheme;
  const original = splitHostPort(request.authority);
  const target = action.authority !== undefined ? splitHostPort(action.authority) : original;
  let port: string | undefined;
  if (action.port !== undefined) port = String(action.port);
  else if (action.derivePort === 'FROM_PROTOCOL_DEFAULT') port = undefined;
  else if (action.derivePort === 'FROM_REQUEST_PORT') port = original.port;
  else port = scheme !== requestScheme ? undefined : target.port;
  const newPath = action.uri ?? path;
  const query = newPath.includes('?') ? '' : request.path.slice(path.length);
  return `${scheme}://${target.host}${port !== undefined ? `:${port}` : ''}${newPath}${query}`;
}
