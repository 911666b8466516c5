/**
 * Checks shared by several kinds: Kubernetes label maps, workload selectors, `exportTo`,
 * policy target references, port names and protocols, percentages.
 */
import type { Path } from '../path.ts';
import { isDNS1123Label } from './hosts.ts';
import type { Report } from './report.ts';

const labelName = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelPrefix =
  /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*$/;
const labelValue = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kubernetes' label key syntax, `[prefix/]name`, as Istio's `labels.Instance.Validate` checks it. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if ((prefix !== undefined && !labelPrefix.test(prefix)) || !labelName.test(name))
    return `invalid label key ${JSON.stringify(key)}`;
  if (prefix !== undefined && prefix.length > 253)
    return `invalid label key ${JSON.stringify(key)} (DNS prefix is too long)`;
  if (name.length > 63) return `invalid label key ${JSON.stringify(key)} (name is too long)`;
  return undefined;
}

/** Label maps (subset labels, sourceLabels, endpoint labels): keys and values well formed. */
export function checkLabels(
  report: Report,
  path: Path,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyErr = labelKeyError(key);
    if (keyErr) report.field([...path, key], keyErr);
    if (!labelValue.test(value))
      report.field([...path, key], `has an invalid label value ${JSON.stringify(value)}`);
  }
}

/**
 * A workload selector (`selector.matchLabels`, or `workloadSelector.labels` in networking kinds):
 * no empty keys, no wildcards; an empty one selects every workload of the namespace, which
 * Istio accepts with a warning.
 */
export function checkWorkloadSelector(
  report: Report,
  path: Path,
  labels: Readonly<Record<string, string>> | undefined,
  emptyMeaning = 'it selects every workload in the namespace',
): void {
  const entries = Object.entries(labels ?? {});
  for (const [key, value] of entries) {
    if (key === '') report.field([...path, key], 'has an empty key, which is not supported in a selector');
    if (key.includes('*') || value.includes('*'))
      report.field(
        [...path, key],
        `uses a wildcard, which is not supported in a selector: "${key}=${value}"`,
      );
  }
  if (entries.length === 0) report.fieldWarning(path, `is specified without labels: ${emptyMeaning}`);
}

/**
 * Istio's `validateExportTo`: `.`, `*`, or namespace names, without duplicates (`.` counts as
 * the resource's own namespace); `*` alone; `~` (nobody) only on ServiceEntry, and alone. A
 * DestinationRule with a workload selector may only be exported to its own namespace.
 */
export function checkExportTo(
  report: Report,
  path: Path,
  options: {
    exportTo: readonly string[] | undefined;
    namespace: string;
    serviceEntry?: boolean;
    withSelector?: boolean;
  },
): void {
  const exportTo = options.exportTo ?? [];
  if (exportTo.length === 0) return;
  const seen = new Set<string>();
  exportTo.forEach((entry, i) => {
    const at = [...path, i];
    const key = entry === '.' ? options.namespace : entry;
    if (seen.has(key)) {
      report.field(
        at,
        key === entry
          ? `has a duplicate entry ${JSON.stringify(entry)}`
          : `lists both "." and the current namespace ${options.namespace}`,
      );
      return;
    }
    if (entry === '~' && !options.serviceEntry)
      report.field(at, 'cannot be "~" (none): only a ServiceEntry can be exported to no one');
    else if (entry !== '~' && key !== '*' && !isDNS1123Label(key)) {
      report.field(at, `${JSON.stringify(entry)} is not allowed: use ".", "*", or a namespace name`);
    } else seen.add(key);
  });
  if (options.withSelector && seen.size > 0) {
    if (!seen.has(options.namespace))
      report.field(
        path,
        'of a destination rule with a workload selector cannot go beyond the current namespace',
      );
    else if (seen.size > 1)
      report.field(path, 'of a destination rule with a workload selector cannot have multiple entries');
  }
  if (seen.has('*') && exportTo.length > 1)
    report.field(path, 'cannot have both public (*) and non-public values');
  if (seen.has('~') && exportTo.length > 1)
    report.field(path, 'cannot export a service entry to no one (~) and someone');
}

interface TargetRef {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const allowedTargetKinds: ReadonlySet<string> = new Set([
  'core/Service',
  'networking.istio.io/ServiceEntry',
  'gateway.networking.k8s.io/Gateway',
  'gateway.networking.k8s.io/GatewayClass',
]);

/** Policy attachment (`targetRef`/`targetRefs`) and its exclusivity with `selector`. */
export function checkPolicyTargets(
  report: Report,
  spec: {
    readonly selector?: unknown;
    readonly targetRef?: TargetRef;
    readonly targetRefs?: readonly TargetRef[];
  },
): void {
  const set =
    (spec.selector ? 1 : 0) + (spec.targetRef ? 1 : 0) + ((spec.targetRefs?.length ?? 0) > 0 ? 1 : 0);
  if (set > 1) report.field(['spec'], 'only one of selector, targetRef or targetRefs can be set');
  const check = (ref: TargetRef, path: Path): void => {
    if (ref.name === '') report.field([...path, 'name'], 'must be set');
    if (ref.namespace)
      report.field([...path, 'namespace'], 'must not be set: cross namespace referencing is not supported');
    const group = ref.group === undefined || ref.group === '' ? 'core' : ref.group;
    if (!allowedTargetKinds.has(`${group}/${ref.kind}`)) {
      report.field(
        path,
        `must reference a Service, ServiceEntry, Gateway or GatewayClass, not ${ref.group ?? ''}/${ref.kind}`,
      );
    }
  };
  if (spec.targetRef) check(spec.targetRef, ['spec', 'targetRef']);
  spec.targetRefs?.forEach((ref, i) => {
    check(ref, ['spec', 'targetRefs', i]);
  });
}

/** Istio's protocol names (`protocol.Parse`), compared case-insensitively. */
const protocols = [
  'HTTP',
  'HTTPS',
  'GRPC',
  'GRPC-WEB',
  'HTTP2',
  'HTTP_PROXY',
  'TCP',
  'TLS',
  'UDP',
  'MONGO',
  'REDIS',
  'MYSQL',
] as const;
export type Protocol = (typeof protocols)[number];
const protocolSet: ReadonlySet<string> = new Set(protocols);

export function parseProtocol(name: string | undefined): Protocol | undefined {
  const upper = (name ?? '').toUpperCase();
  return protocolSet.has(upper) ? (upper as Protocol) : undefined;
}

export function isHttpProtocol(p: Protocol | undefined): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-WEB';
}

export function isTlsProtocol(p: Protocol | undefined): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

export const supportedProtocols =
  'HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, HTTP_PROXY, TCP, TLS, UDP, MONGO, REDIS, MYSQL';

/** A port's protocol: empty means "detect"; anything else must be one Istio knows. */
export function checkProtocol(report: Report, path: Path, name: string | undefined): void {
  if (name === undefined || name === '') return;
  if (!parseProtocol(name))
    report.field(path, `${JSON.stringify(name)} is not a supported protocol (${supportedProtocols})`);
}

export function checkPortName(report: Report, path: Path, name: string): void {
  if (!isDNS1123Label(name))
    report.field(path, `${JSON.stringify(name)} is not a valid port name (a DNS-1123 label)`);
}

/** `Percent` messages (fault injection): 0, or between 0.0001 and 100. */
export function checkPercentage(report: Report, path: Path, value: number | undefined): void {
  if (value === undefined) return;
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001))
    report.field(path, `${value} is neither 0, nor in range [0.0001, 100]`);
}
