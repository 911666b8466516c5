/**
 * One HTTP route of a VirtualService (Istio's `validateHTTPRoute`). A route does exactly one
 * thing: forward (`route`), `redirect`, answer (`directResponse`) or, in a root VirtualService,
 * hand over to a `delegate`; the other fields must fit that choice. Then each part is checked:
 * matches, header edits, CORS, faults, mirrors, redirect, retries, rewrites, destinations.
 */
import type { Path } from '../path.ts';
import { checkDestination, checkRouteDestinations } from './destinations.ts';
import { checkDuration } from './durations.ts';
import { checkHeaderOperations, isAuthorityHeader } from './headers.ts';
import type { HttpRoute } from './http-match.ts';
import { checkHttpMatches } from './http-match.ts';
import {
  checkCors,
  checkDirectResponse,
  checkFault,
  checkRedirect,
  checkRetries,
  checkRewrite,
} from './http-policies.ts';
import type { Report } from './report.ts';

/** `inDelegate`: the route belongs to a delegate VirtualService (one without hosts). */
export function checkHttpRoute(report: Report, path: Path, route: HttpRoute, inDelegate: boolean): void {
  checkConflicts(report, path, route, inDelegate);
  checkHttpMatches(report, path, route);
  checkHeaderOperations(report, [...path, 'headers'], route.headers);
  if (route.corsPolicy) checkCors(report, [...path, 'corsPolicy'], route.corsPolicy);
  if (route.fault) checkFault(report, [...path, 'fault'], route.fault);
  checkMirrors(report, path, route);
  if (route.redirect) checkRedirect(report, [...path, 'redirect'], route.redirect);
  if (route.directResponse) checkDirectResponse(report, [...path, 'directResponse'], route.directResponse);
  if (route.retries) checkRetries(report, [...path, 'retries'], route.retries);
  if (route.rewrite) checkRewrite(report, [...path, 'rewrite'], route.rewrite);
  checkAuthorityRewrite(report, path, route);
  if (route.route) checkRouteDestinations(report, [...path, 'route'], route.route);
  checkDuration(report, [...path, 'timeout'], route.timeout);
}

function checkConflicts(report: Report, path: Path, route: HttpRoute, inDelegate: boolean): void {
  const name = route.name ? ` ${JSON.stringify(route.name)}` : '';
  if (!inDelegate && route.delegate) {
    // A root route only hands over: what to do with the request is the delegate's business.
    if (route.redirect)
      report.field([...path, 'redirect'], `cannot be set on root HTTP route${name}, which has a delegate`);
    if ((route.route?.length ?? 0) > 0)
      report.field([...path, 'route'], `cannot be set on root HTTP route${name}, which has a delegate`);
    return;
  }
  if (inDelegate && route.delegate)
    report.field(
      [...path, 'delegate'],
      'cannot be set in a delegate VirtualService: delegation is one level deep',
    );
  const hasRoute = (route.route?.length ?? 0) > 0;
  if (route.redirect) {
    if (hasRoute) report.field([...path, 'route'], 'cannot be set together with redirect');
    if (route.fault) report.field([...path, 'fault'], 'cannot be set together with redirect');
    if (route.rewrite) report.field([...path, 'rewrite'], 'cannot be set together with redirect');
    if (route.directResponse)
      report.field([...path, 'directResponse'], 'cannot be set together with redirect');
  } else if (route.directResponse) {
    if (hasRoute) report.field([...path, 'route'], 'cannot be set together with directResponse');
    if (route.fault) report.field([...path, 'fault'], 'cannot be set together with directResponse');
    if (route.rewrite) report.field([...path, 'rewrite'], 'cannot be set together with directResponse');
  } else if (!hasRoute) report.field(path, 'needs a route, redirect or directResponse');
  if (route.mirror && (route.mirrors?.length ?? 0) > 0)
    report.field([...path, 'mirrors'], 'cannot be set together with mirror');
}

function checkMirrors(report: Report, path: Path, route: HttpRoute): void {
  // mirrorPercent is the deprecated integer form; YAML written for old Istio may spell it mirror_percent.
  for (const field of ['mirrorPercent', 'mirror_percent'] as const) {
    const value = route[field];
    if (value === undefined) continue;
    if (value > 100) report.field([...path, field], `must have a max value of 100 (got ${value})`);
    report.fieldWarning([...path, field], 'is deprecated, use mirrorPercentage instead');
  }
  const pct = route.mirrorPercentage?.value;
  if (pct !== undefined && (pct < 0 || pct > 100))
    report.field([...path, 'mirrorPercentage', 'value'], `must be in range 0..100 (got ${pct})`);
  if (route.mirror) checkDestination(report, [...path, 'mirror'], route.mirror);
  route.mirrors?.forEach((mirror, i) => {
    const at = [...path, 'mirrors', i];
    checkDestination(report, [...at, 'destination'], mirror.destination);
    const value = mirror.percentage?.value;
    if (value !== undefined && (value < 0 || value > 100))
      report.field([...at, 'percentage', 'value'], `must be in range 0..100 (got ${value})`);
  });
}

/** The authority may be rewritten in one place only: `rewrite.authority` or one request header edit. */
function checkAuthorityRewrite(report: Report, path: Path, route: HttpRoute): void {
  let current = route.rewrite?.authority ?? '';
  const request = route.headers?.request;
  for (const op of ['set', 'add'] as const) {
    for (const [name, value] of Object.entries(request?.[op] ?? {})) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        report.field(
          [...path, 'headers', 'request', op, name],
          `sets the authority again: have ${JSON.stringify(current)}, attempting to set ${JSON.stringify(value)}`,
        );
        return;
      }
      current = value;
    }
  }
}
