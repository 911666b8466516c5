/**
 * Header handling shared by the request and response legs: hop-by-hop removal (RFC 9110 §7.6.1,
 * as Envoy's HTTP/1 codec does), and Istio's header operations (VirtualService `headers`), applied
 * destination first and route last so the route's `set` wins, as Envoy's default
 * `most_specific_header_mutations_wins: false` orders them.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { HeaderOps } from '@meshlens/mesh-core/routing';

type HeaderBag = OutgoingHttpHeaders;

const hopByHop = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
];

/** Removes a header from a bag (Reflect, so names computed at run time read plainly). */
export function dropHeader(bag: HeaderBag, name: string): void {
  Reflect.deleteProperty(bag, name);
}

/** A mutable copy of `headers` without hop-by-hop headers and without those `connection` names. */
export function forwardableHeaders(headers: IncomingHttpHeaders): HeaderBag {
  const out: HeaderBag = { ...headers };
  const connection = headers.connection;
  for (const h of hopByHop) dropHeader(out, h);
  if (connection !== undefined && connection !== 'keep-alive' && connection !== 'close') {
    for (const token of connection.split(',')) dropHeader(out, token.trim().toLowerCase());
  }
  return out;
}

type Ops = HeaderOps['request'];

function applyOps(bag: HeaderBag, ops: Ops): void {
  for (const name of ops.remove) dropHeader(bag, name);
  for (const [name, value] of ops.set) bag[name] = value;
  for (const [name, value] of ops.add) {
    const current = bag[name];
    if (current === undefined) bag[name] = value;
    else if (Array.isArray(current)) bag[name] = [...current, value];
    else bag[name] = [String(current), value];
  }
}

export function applyRequestOps(
  bag: HeaderBag,
  route: HeaderOps | undefined,
  destination: HeaderOps | undefined,
): void {
  if (destination) applyOps(bag, destination.request);
  if (route) applyOps(bag, route.request);
}

export function applyResponseOps(
  bag: HeaderBag,
  route: HeaderOps | undefined,
  destination: HeaderOps | undefined,
): void {
  if (destination) applyOps(bag, destination.response);
  if (route) applyOps(bag, route.response);
}

/** The first value of a header. */
export function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Size of a response head as written: status line plus header lines. */
export function responseHeadBytes(headers: HeaderBag): number {
  let n = 17;
  for (const name in headers) {
    const v = headers[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) n += name.length + item.length + 4;
    else n += name.length + String(v).length + 4;
  }
  return n;
}

/** Value of cookie `name` in a `cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
