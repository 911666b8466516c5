/**
 * Envoy's response flags: the short codes that `%RESPONSE_FLAGS%` prints in access logs and that
 * Istio copies into the `response_flags` metric label.
 *
 * The list follows Envoy's `CoreResponseFlag` enum order (envoyproxy/envoy
 * `source/common/stream_info/utility.h`, `CORE_RESPONSE_FLAGS`), with Envoy's short and PascalCase
 * long names. Formatting follows `ResponseFlagUtils::toString`: the flags a stream carries are
 * joined with `,`, and a stream without flags prints `-`. Since Envoy 1.30 a stream keeps its
 * flags in the order they were set (`StreamInfoImpl::setResponseFlag` appends, ignoring repeats),
 * so the formatter keeps the caller's order and drops duplicates rather than sorting.
 */

/** Every core response flag, in Envoy's enum order. */
export const RESPONSE_FLAGS = [
  { code: 'LH', name: 'FailedLocalHealthCheck' },
  { code: 'UH', name: 'NoHealthyUpstream' },
  { code: 'UT', name: 'UpstreamRequestTimeout' },
  { code: 'LR', name: 'LocalReset' },
  { code: 'UR', name: 'UpstreamRemoteReset' },
  { code: 'UF', name: 'UpstreamConnectionFailure' },
  { code: 'UC', name: 'UpstreamConnectionTermination' },
  { code: 'UO', name: 'UpstreamOverflow' },
  { code: 'NR', name: 'NoRouteFound' },
  { code: 'DI', name: 'DelayInjected' },
  { code: 'FI', name: 'FaultInjected' },
  { code: 'RL', name: 'RateLimited' },
  { code: 'UAEX', name: 'UnauthorizedExternalService' },
  { code: 'RLSE', name: 'RateLimitServiceError' },
  { code: 'DC', name: 'DownstreamConnectionTermination' },
  { code: 'URX', name: 'UpstreamRetryLimitExceeded' },
  { code: 'SI', name: 'StreamIdleTimeout' },
  { code: 'IH', name: 'InvalidEnvoyRequestHeaders' },
  { code: 'DPE', name: 'DownstreamProtocolError' },
  { code: 'UMSDR', name: 'UpstreamMaxStreamDurationReached' },
  { code: 'RFCF', name: 'ResponseFromCacheFilter' },
  { code: 'NFCF', name: 'NoFilterConfigFound' },
  { code: 'DT', name: 'DurationTimeout' },
  { code: 'UPE', name: 'UpstreamProtocolError' },
  { code: 'NC', name: 'NoClusterFound' },
  { code: 'OM', name: 'OverloadManagerTerminated' },
  { code: 'DF', name: 'DnsResolutionFailed' },
  { code: 'DO', name: 'DropOverload' },
  { code: 'DR', name: 'DownstreamRemoteReset' },
] as const;

/** A response flag's short code, e.g. `UH`. */
export type ResponseFlag = (typeof RESPONSE_FLAGS)[number]['code'];

/** A response flag's long name, e.g. `NoHealthyUpstream` (what `%RESPONSE_FLAGS_LONG%` prints). */
export type ResponseFlagLongName = (typeof RESPONSE_FLAGS)[number]['name'];

/** What `%RESPONSE_FLAGS%` prints for a stream without flags. */
export const NO_RESPONSE_FLAGS = '-';

// Built from RESPONSE_FLAGS, so every code is a key; the assertion only names that fact.
const longNameByCode = Object.fromEntries(RESPONSE_FLAGS.map((flag) => [flag.code, flag.name])) as Readonly<
  Record<ResponseFlag, ResponseFlagLongName>
>;

const codes: ReadonlySet<string> = new Set(RESPONSE_FLAGS.map((flag) => flag.code));

/** Whether a string is one of Envoy's response flag short codes. */
export function isResponseFlag(value: string): value is ResponseFlag {
  return codes.has(value);
}

/** The long name of a flag, e.g. `UF` → `UpstreamConnectionFailure`. */
export function responseFlagLongName(flag: ResponseFlag): ResponseFlagLongName {
  return longNameByCode[flag];
}

function uniqueInOrder<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * Envoy's `%RESPONSE_FLAGS%` text: the flags in the order they were set, without repeats,
 * joined with `,`; `-` when there are none.
 */
export function formatResponseFlags(flags: readonly ResponseFlag[]): string {
  const unique = uniqueInOrder(flags);
  return unique.length === 0 ? NO_RESPONSE_FLAGS : unique.join(',');
}

/** Envoy's `%RESPONSE_FLAGS_LONG%` text: long names joined with `,`; `-` when there are none. */
export function formatResponseFlagsLong(flags: readonly ResponseFlag[]): string {
  const unique = uniqueInOrder(flags);
  return unique.length === 0 ? NO_RESPONSE_FLAGS : unique.map(responseFlagLongName).join(',');
}

/**
 * Reads `%RESPONSE_FLAGS%` text back into flags (for access-log and metric readers). Unknown
 * codes are returned separately rather than dropped, so a caller can report them.
 */
export function parseResponseFlags(text: string): {
  readonly flags: ResponseFlag[];
  readonly unknown: string[];
} {
  const flags: ResponseFlag[] = [];
  const unknown: string[] = [];
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === NO_RESPONSE_FLAGS) return { flags, unknown };
  for (const part of trimmed.split(',')) {
    const code = part.trim();
    if (isResponseFlag(code)) flags.push(code);
    else unknown.push(code);
  }
  return { flags: uniqueInOrder(flags), unknown };
}
