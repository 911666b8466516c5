/**
 * Kiali's request health: request rates by protocol and response code, inbound and outbound,
 * as `{ http: { "200": 1.2, "503": 0.1 }, grpc: { "0": 3 } }` (kiali models/health.go).
 *
 * Health queries do not select a reporter, so a request seen by both proxies arrives twice.
 * Inbound samples are therefore kept per reporter and combined as Kiali's `CombineReporters`
 * does: source-reported rates first, then a destination-reported rate is added when the source
 * did not report that code, or replaces it when larger. Outbound counts only source-reported
 * samples. A response code of `0` (no response) becomes `-`; gRPC requests are keyed by their
 * `grpc_response_status` when present.
 */
import type { PromSample } from '../graph/prom-sample.ts';

/** protocol → response code → requests per second. */
export type RequestRates = Record<string, Record<string, number>>;

export interface RequestHealth {
  readonly inbound: RequestRates;
  readonly outbound: RequestRates;
  readonly healthAnnotations: Readonly<Record<string, string>>;
}

export function emptyRequestHealth(healthAnnotations: Readonly<Record<string, string>> = {}): RequestHealth {
  return { inbound: {}, outbound: {}, healthAnnotations };
}

/** The code a health sample is counted under (Kiali's `aggregate`). */
export function healthResponseCode(labels: Readonly<Record<string, string>>): string {
  const code = labels.response_code ?? '';
  if (code === '0') return '-';
  if (labels.request_protocol === 'grpc') {
    const grpc = labels.grpc_response_status;
    if (grpc !== undefined && grpc !== '') return grpc;
  }
  return code;
}

/** The rates of one protocol, created on first use. */
export function protocolRates(rates: RequestRates, protocol: string): Record<string, number> {
  return (rates[protocol] ??= {});
}

function addSample(rates: RequestRates, sample: PromSample): void {
  const byCode = protocolRates(rates, sample.metric.request_protocol ?? '');
  const code = healthResponseCode(sample.metric);
  byCode[code] = (byCode[code] ?? 0) + sample.value;
}

/** Accumulates samples for one object, then combines the reporters into a `RequestHealth`. */
export class RequestHealthAccumulator {
  private readonly inboundOther: RequestRates = {};
  private readonly inboundSource: RequestRates = {};
  private readonly inboundDestination: RequestRates = {};
  private readonly outbound: RequestRates = {};

  addInbound(sample: PromSample): void {
    const labels = sample.metric;
    const target =
      labels.reporter === 'source'
        ? this.inboundSource
        : labels.reporter === 'destination'
          ? this.inboundDestination
          : this.inboundOther;
    addSample(target, sample);
  }

  addOutbound(sample: PromSample): void {
    if (sample.metric.reporter !== 'source') return;
    addSample(this.outbound, sample);
  }

  build(healthAnnotations: Readonly<Record<string, string>> = {}): RequestHealth {
    const inbound: RequestRates = {};
    for (const [protocol, codes] of Object.entries(this.inboundOther)) inbound[protocol] = { ...codes };
    for (const [protocol, codes] of Object.entries(this.inboundSource)) {
      const target = (inbound[protocol] ??= {});
      for (const [code, value] of Object.entries(codes)) target[code] = value;
    }
    for (const [protocol, codes] of Object.entries(this.inboundDestination)) {
      const target = (inbound[protocol] ??= {});
      for (const [code, value] of Object.entries(codes)) {
        const current = target[code];
        if (current === undefined || value > current) target[code] = value;
      }
    }
    const outbound: RequestRates = {};
    for (const [protocol, codes] of Object.entries(this.outbound)) outbound[protocol] = { ...codes };
    return { inbound, outbound, healthAnnotations };
  }
}

/** Sum of every inbound and outbound rate (Kiali's `totalRequestRate`). */
export function totalRequestRate(requests: RequestHealth): number {
  let total = 0;
  for (const rates of [requests.inbound, requests.outbound]) {
    for (const codes of Object.values(rates)) for (const value of Object.values(codes)) total += value;
  }
  return total;
}
