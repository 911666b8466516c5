/**
 * The rules of an AuthorizationPolicy: each `from` needs a non-empty source, each `to` a
 * non-empty operation, each `when` a known condition key with values that fit it. Values
 * match exactly, by prefix (`abc*`), by suffix (`*abc`) or by presence (`*`); a `*` anywhere
 * else is taken literally, which Istio accepts silently and is reported here as a warning.
 */
import type { AuthorizationPolicySpec } from '../istio-types.gen.ts';
import type { Path } from '../path.ts';
import { cidrError, isIP } from './addresses.ts';
import type { Report } from './report.ts';

type Rule = NonNullable<AuthorizationPolicySpec['rules']>[number];
type Source = NonNullable<NonNullable<Rule['from']>[number]['source']>;
type Operation = NonNullable<NonNullable<Rule['to']>[number]['operation']>;

export interface RuleContext {
  readonly action: string;
}

const sourceFields = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
] as const;
// Fields that also apply to TCP traffic (request principals need an HTTP request).
const tcpSourceFields = sourceFields.filter((f) => f !== 'requestPrincipals' && f !== 'notRequestPrincipals');
const ipFields = ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const customUnsupported = [
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
] as const;
const operationFields = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;
const digits = /^[0-9]+$/;
const whitespace = /\s/;
// Envoy path templates: a segment of `{*}` (one segment) or `{**}` (the rest), literals otherwise.
const pathLiteral = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;
const edgeSlashes = /^\/+|\/+$/g;
// Condition keys naming one entry of a map: `request.headers[User-Agent]`.
const mapKeyPrefixes = [
  'request.headers',
  'request.experimental.inline.headers',
  'request.auth.claims',
  'experimental.envoy.filters.',
] as const;
const plainKeys: ReadonlySet<string> = new Set([
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.serviceAccount',
  'source.principal',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
  'destination.ip',
  'destination.port',
  'connection.sni',
]);

export function checkRule(report: Report, path: Path, rule: Rule, ctx: RuleContext): void {
  let fromExists = false;
  let toExists = false;
  let tcpInFrom = false;
  let tcpInTo = false;
  if (rule.from?.length === 0) report.field([...path, 'from'], 'must not be empty');
  for (const [i, { source }] of (rule.from ?? []).entries()) {
    const at = [...path, 'from', i, 'source'];
    if (!source) {
      report.field(at, 'must be set');
      continue;
    }
    fromExists = true;
    checkSource(report, at, source, ctx);
    if (tcpSourceFields.some((f) => source[f] !== undefined)) tcpInFrom = true;
  }
  if (rule.to?.length === 0) report.field([...path, 'to'], 'must not be empty');
  for (const [i, { operation }] of (rule.to ?? []).entries()) {
    const at = [...path, 'to', i, 'operation'];
    if (!operation) {
      report.field(at, 'must be set');
      continue;
    }
    toExists = true;
    checkOperation(report, at, operation);
    if (operation.ports !== undefined || operation.notPorts !== undefined) tcpInTo = true;
  }
  rule.when?.forEach((condition, i) => {
    checkCondition(report, [...path, 'when', i], condition, ctx);
  });
  if (ctx.action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    report.fieldWarning(
      path,
      'denies all traffic to TCP ports under its scope, since it uses only HTTP attributes in a DENY rule: it is recommended to explicitly specify the port',
    );
  }
}

function checkSource(report: Report, path: Path, src: Source, ctx: RuleContext): void {
  const has = (f: (typeof sourceFields)[number]): boolean => (src[f]?.length ?? 0) > 0;
  if (!sourceFields.some(has)) report.field(path, 'must not be empty');
  if (
    (has('principals') || has('notPrincipals') || has('namespaces') || has('notNamespaces')) &&
    (has('serviceAccounts') || has('notServiceAccounts'))
  ) {
    report.field(path, 'cannot set serviceAccounts together with namespaces or principals');
  }
  if (ctx.action === 'CUSTOM') {
    for (const f of customUnsupported)
      if (has(f)) report.field([...path, f], 'is currently not supported with action CUSTOM');
  }
  for (const f of sourceFields) {
    src[f]?.forEach((value, i) => {
      const at = [...path, f, i];
      if (value === '') report.field(at, 'must not be empty');
      else if ((ipFields as readonly string[]).includes(f)) {
        const err = ipError(value);
        if (err) report.field(at, err);
      } else if (f === 'serviceAccounts' || f === 'notServiceAccounts') {
        const err = serviceAccountError(value);
        if (err) report.field(at, err);
      } else warnOnWildcard(report, at, value);
    });
  }
  for (const f of ['serviceAccounts', 'notServiceAccounts'] as const) {
    // An arbitrary limit of Istio's, to bound configuration size.
    if ((src[f]?.length ?? 0) > 16) report.field([...path, f], 'may not have more than 16 values');
  }
}

function checkOperation(report: Report, path: Path, op: Operation): void {
  if (!operationFields.some((f) => (op[f]?.length ?? 0) > 0)) report.field(path, 'must not be empty');
  for (const f of operationFields) {
    op[f]?.forEach((value, i) => {
      const at = [...path, f, i];
      if (value === '') report.field(at, 'must not be empty');
      else if (f === 'ports' || f === 'notPorts') {
        if (!digits.test(value) || Number(value) > 65535)
          report.field(at, `${JSON.stringify(value)} is not a valid port`);
      } else if (f === 'paths' || f === 'notPaths') {
        const err = pathTemplateError(value);
        if (err) report.field(at, err);
        else if (!value.includes('{')) warnOnWildcard(report, at, value);
      } else if (f === 'methods' || f === 'notMethods') {
        // Istio is silent; a method with whitespace can never equal a request's method.
        if (whitespace.test(value))
          report.fieldWarning(
            at,
            `${JSON.stringify(value)} contains whitespace, so it can never match a request method`,
          );
        else warnOnWildcard(report, at, value);
      } else warnOnWildcard(report, at, value);
    });
  }
}

function checkCondition(
  report: Report,
  path: Path,
  condition: NonNullable<Rule['when']>[number],
  ctx: RuleContext,
): void {
  const key = condition.key;
  if (key === '') {
    report.field([...path, 'key'], 'must not be empty');
    return;
  }
  if (
    ctx.action === 'CUSTOM' &&
    (key === 'source.namespace' ||
      key === 'source.serviceAccount' ||
      key === 'source.principal' ||
      key.startsWith('request.auth.'))
  ) {
    report.field([...path, 'key'], `${key} is currently not supported with action CUSTOM`);
  }
  const values = condition.values ?? [];
  const notValues = condition.notValues ?? [];
  if (values.length === 0 && notValues.length === 0) {
    report.field(path, `must set at least one of values or notValues for key ${key}`);
    return;
  }
  const keyErr = conditionKeyError(key);
  if (keyErr) {
    report.field([...path, 'key'], keyErr);
    return;
  }
  for (const field of ['values', 'notValues'] as const) {
    (condition[field] ?? []).forEach((value, i) => {
      const err = conditionValueError(key, value);
      if (err) report.field([...path, field, i], `is invalid for key ${key}: ${err}`);
    });
  }
}

/** Istio's `security.ValidateAttribute`, for the key alone. */
function conditionKeyError(key: string): string | undefined {
  if (mapKeyPrefixes.some((p) => key.startsWith(p))) {
    const open = key.indexOf('[');
    return key.endsWith(']') && open > 0 && open < key.length - 2
      ? undefined
      : `bad key ${JSON.stringify(key)}: should have format a[b]`;
  }
  if (plainKeys.has(key)) return undefined;
  if (key === 'destination.namespace') return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  if (key === 'destination.name' || key === 'destination.user')
    return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key}`;
}

function conditionValueError(key: string, value: string): string | undefined {
  if (value === '') return 'empty value not allowed';
  if (key === 'source.ip' || key === 'remote.ip' || key === 'destination.ip') return ipError(value);
  if (key === 'destination.port')
    return digits.test(value) && Number(value) <= 65535 ? undefined : `bad port (${value})`;
  if (key === 'source.serviceAccount') return serviceAccountError(value);
  return undefined;
}

function ipError(value: string): string | undefined {
  if (value.includes('/')) return cidrError(value) ? `bad CIDR range (${value})` : undefined;
  return isIP(value) ? undefined : `bad IP address (${value})`;
}

/** Istio's `CheckServiceAccount`: `name` or `namespace/name`, no wildcards, at most 320 characters. */
function serviceAccountError(value: string): string | undefined {
  if (value.includes('*')) return `wildcard not allowed, found ${JSON.stringify(value)}`;
  const parts = value.split('/');
  if (parts.length > 2)
    return `expected format 'serviceAccount' or 'namespace/serviceAccount', found ${JSON.stringify(value)}`;
  if (value.length > 320) return `value cannot exceed 320 characters, found ${JSON.stringify(value)}`;
  if (parts.some((p) => p === ''))
    return `expected format 'serviceAccount' or 'namespace/serviceAccount', found ${JSON.stringify(value)}`;
  return undefined;
}

/** Istio's `CheckValidPathTemplate`: `{*}` and `{**}` only as whole segments, `{**}` last. */
function pathTemplateError(path: string): string | undefined {
  const template = path.includes('{*}') || path.includes('{**}');
  let sawAny = false;
  for (const glob of path.replace(edgeSlashes, '').split('/')) {
    if ((glob === '{*}' || glob === '{**}') && sawAny)
      return `invalid or unsupported path ${path}: {**} is not the last operator`;
    if (glob === '{**}') sawAny = true;
    if (glob === '{*}' || glob === '{**}') continue;
    if (glob.includes('{') || glob.includes('}'))
      return `invalid or unsupported path ${path}: contains '{' or '}' beyond a supported path template`;
    if (template && !pathLiteral.test(glob))
      return `invalid or unsupported path ${path}: contains segment ${glob} with invalid string literal`;
  }
  return undefined;
}

function warnOnWildcard(report: Report, path: Path, value: string): void {
  const stars = value.split('*').length - 1;
  if (stars === 0 || value === '*') return;
  if (stars === 1 && (value.startsWith('*') || value.endsWith('*'))) return;
  report.fieldWarning(
    path,
    `${JSON.stringify(value)} uses "*" in a position Istio does not support (only "*", "prefix*" or "*suffix"): it is matched literally`,
  );
}
