/**
 * A traffic policy's `loadBalancer`: one policy (simple or consistent hash), one hash key and
 * one hash algorithm, Envoy's Maglev table constraints, warm-up, and locality load balancing
 * (Istio's `ValidateLocalityLbSetting`: distribute weights, failover regions, locality syntax).
 */
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Path } from '../path.ts';
import { checkDuration } from './durations.ts';
import type { Report } from './report.ts';

type TrafficPolicy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
export type LoadBalancer = NonNullable<TrafficPolicy['loadBalancer']>;
type LocalityLb = NonNullable<LoadBalancer['localityLbSetting']>;

const maglevMaxTableSize = 5_000_011;
const topologyLabels: ReadonlySet<string> = new Set([
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
]);

/** Envoy's primality test for Maglev table sizes (common/common/utility.cc). */
export function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) if (x % f === 0) return false;
  return true;
}

export function checkLoadBalancer(
  report: Report,
  path: Path,
  lb: LoadBalancer,
  hasOutlierDetection: boolean,
): void {
  const hash = lb.consistentHash;
  if (hash) {
    const at = [...path, 'consistentHash'];
    if (lb.simple !== undefined) report.field(path, 'can set only one of simple or consistentHash');
    const keys = (['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const).filter(
      (k) => hash[k] !== undefined,
    );
    if (keys.length > 1) report.field(at, `can set only one hash key, found ${keys.join(', ')}`);
    // Without a hash key Envoy hashes nothing and picks hosts at random: accepted, but pointless.
    if (keys.length === 0)
      report.fieldWarning(
        at,
        'sets no hash key (httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName), so requests are not pinned',
      );
    if (hash.httpCookie && hash.httpCookie.name === '')
      report.field([...at, 'httpCookie', 'name'], 'is required for httpCookie');
    if (hash.ringHash && hash.maglev) report.field(at, 'can set only one of ringHash or maglev');
    if (hash.minimumRingSize !== undefined && hash.minimumRingSize !== 0) {
      report.fieldWarning([...at, 'minimumRingSize'], 'is deprecated, use ringHash.minimumRingSize instead');
      if (hash.ringHash || hash.maglev)
        report.field([...at, 'minimumRingSize'], 'cannot be set with maglev or ringHash');
    }
    const size = hash.maglev?.tableSize;
    if (hash.maglev) {
      const sizeAt = [...at, 'maglev', 'tableSize'];
      if (size === undefined || size === 0) report.field(sizeAt, 'must be set for maglev');
      else if (size >= maglevMaxTableSize)
        report.field(sizeAt, `must be less than ${maglevMaxTableSize} for maglev (got ${size})`);
      else if (!isPrime(size)) report.field(sizeAt, `must be a prime number for maglev (got ${size})`);
    }
  }
  if (lb.localityLbSetting)
    checkLocalityLb(report, [...path, 'localityLbSetting'], lb.localityLbSetting, hasOutlierDetection);
  const warmup = lb.warmup;
  if (warmup) {
    checkDuration(report, [...path, 'warmup', 'duration'], warmup.duration);
    if ((warmup.minimumPercent ?? 0) > 100)
      report.field([...path, 'warmup', 'minimumPercent'], 'must be less than or equal to 100');
    if (warmup.aggression !== undefined && warmup.aggression < 1)
      report.field([...path, 'warmup', 'aggression'], 'must be greater than or equal to 1');
  }
}

function checkLocalityLb(report: Report, path: Path, lb: LocalityLb, hasOutlierDetection: boolean): void {
  const distribute = lb.distribute ?? [];
  const failover = lb.failover ?? [];
  const priority = lb.failoverPriority ?? [];
  if (distribute.length > 0 && failover.length > 0) {
    report.field(path, "can not simultaneously specify 'distribute' and 'failover'");
    return;
  }
  if (failover.length > 0) {
    const label = priority.findIndex((p) => topologyLabels.has(p));
    if (label !== -1) {
      report.field(
        [...path, 'failoverPriority', label],
        `can not set topology label '${priority[label] ?? ''}' together with 'failover'`,
      );
      return;
    }
  }
  const sources: string[] = [];
  for (const [i, rule] of distribute.entries()) {
    const at = [...path, 'distribute', i];
    sources.push(rule.from ?? '');
    let total = 0;
    for (const [loc, weight] of Object.entries(rule.to ?? {})) {
      if (weight <= 0 || weight > 100) {
        report.field([...at, 'to', loc], `weight must be in range [1, 100] (got ${weight})`);
        return;
      }
      total += weight;
    }
    if (total !== 100) {
      report.field([...at, 'to'], `weights must total 100 (got ${total})`);
      return;
    }
    const destErr = localitiesError(Object.keys(rule.to ?? {}));
    if (destErr) report.field([...at, 'to'], destErr);
  }
  const srcErr = localitiesError(sources);
  if (srcErr) report.field([...path, 'distribute'], srcErr);
  if ((failover.length > 0 || priority.length > 0) && !hasOutlierDetection) {
    report.fieldWarning(path, 'uses failover, which needs an outlierDetection policy to take effect');
  }
  failover.forEach((f, i) => {
    const at = [...path, 'failover', i];
    const from = f.from ?? '';
    const to = f.to ?? '';
    if (from === to) report.field(at, 'must specify different regions in from and to');
    if (from.includes('/') || to.includes('/')) report.field(at, 'may only specify regions (no "/")');
    if (from.includes('*') || to.includes('*')) report.field(at, "regions should not contain '*' wildcard");
  });
}

/**
 * Istio's `validateLocalities`: `region[/zone[/subzone]]`, a single trailing `*` at most, and
 * no locality covered by an earlier one.
 */
function localitiesError(localities: readonly string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    const stars = locality.split('*').length - 1;
    if (stars > 1 || (stars === 1 && !locality.endsWith('*'))) {
      return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    }
    if (seen.has('*')) return `locality ${locality} overlap with previous specified ones`;
    const parts = locality.split('/');
    if (parts.length > 3) parts.splice(2, parts.length - 2, parts.slice(2).join('/'));
    if (parts.some((p) => p === ''))
      return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region = '', zone = '', subzone = ''] = parts;
    const zones = seen.get(region);
    if (parts.length === 1) {
      if (zones) return `locality ${locality} overlap with previous specified ones`;
      seen.set(region, new Map([['*', new Set(['*'])]]));
      continue;
    }
    if (!zones) {
      seen.set(region, new Map([[zone, new Set([parts.length === 2 ? '*' : subzone])]]));
      continue;
    }
    if (zones.has('*')) return `locality ${locality} overlap with previous specified ones`;
    const subzones = zones.get(zone);
    if (parts.length === 2) {
      if (subzones) return `locality ${locality} overlap with previous specified ones`;
      zones.set(zone, new Set(['*']));
    } else if (!subzones) zones.set(zone, new Set([subzone]));
    else if (subzones.has('*') || subzones.has(subzone))
      return `locality ${locality} overlap with previous specified ones`;
    else subzones.add(subzone);
  }
  return undefined;
}
