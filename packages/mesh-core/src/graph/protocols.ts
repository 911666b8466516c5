/**
 * Kiali's protocols and rate names (kiali graph/protocol.go). One traffic value (a rate for one
 * response code, flags and host) is added to the source node's out-rate, the destination's
 * in-rate and error rates, and the edge's totals, error rates and response breakdown. 2xx is not
 * tracked: it is the total less the other classes. Values of 0 or less add nothing.
 */
import type { GraphEdge, GraphNode, ResponseDetail } from './traffic-map.ts';
import { newResponseDetail } from './traffic-map.ts';

export interface RateDef {
  readonly name: string;
  readonly isErr?: boolean;
  readonly isIn?: boolean;
  readonly isOut?: boolean;
  readonly isPercentErr?: boolean;
  readonly isPercentReq?: boolean;
  readonly isTotal?: boolean;
  readonly precision: number;
}

export interface ProtocolDef {
  readonly name: 'grpc' | 'http' | 'tcp';
  readonly edgeRates: readonly RateDef[];
  readonly nodeRates: readonly RateDef[];
  readonly unit: string;
  readonly unitShort: string;
}

export const GRPC: ProtocolDef = {
  name: 'grpc',
  edgeRates: [
    { name: 'grpc', isTotal: true, precision: 2 },
    { name: 'grpcNoResponse', isErr: true, precision: 2 },
    { name: 'grpcErr', isErr: true, precision: 2 },
    { name: 'grpcPercentErr', isPercentErr: true, precision: 1 },
    { name: 'grpcPercentReq', isPercentReq: true, precision: 1 },
  ],
  nodeRates: [
    { name: 'grpcIn', isIn: true, precision: 2 },
    { name: 'grpcInNoResponse', isErr: true, precision: 2 },
    { name: 'grpcInErr', isErr: true, precision: 2 },
    { name: 'grpcOut', isOut: true, precision: 2 },
  ],
  unit: 'requests per second',
  unitShort: 'rps',
};

export const HTTP: ProtocolDef = {
  name: 'http',
  edgeRates: [
    { name: 'http', isTotal: true, precision: 2 },
    { name: 'httpNoResponse', isErr: true, precision: 2 },
    { name: 'http3xx', precision: 2 },
    { name: 'http4xx', isErr: true, precision: 2 },
    { name: 'http5xx', isErr: true, precision: 2 },
    { name: 'httpPercentErr', isPercentErr: true, precision: 1 },
    { name: 'httpPercentReq', isPercentReq: true, precision: 1 },
  ],
  nodeRates: [
    { name: 'httpIn', isIn: true, precision: 2 },
    { name: 'httpInNoResponse', isErr: true, precision: 2 },
    { name: 'httpIn3xx', precision: 2 },
    { name: 'httpIn4xx', isErr: true, precision: 2 },
    { name: 'httpIn5xx', isErr: true, precision: 2 },
    { name: 'httpOut', isOut: true, precision: 2 },
  ],
  unit: 'requests per second',
  unitShort: 'rps',
};

export const TCP: ProtocolDef = {
  name: 'tcp',
  edgeRates: [{ name: 'tcp', isTotal: true, precision: 2 }],
  nodeRates: [
    { name: 'tcpIn', isIn: true, precision: 2 },
    { name: 'tcpOut', isOut: true, precision: 2 },
  ],
  unit: 'bytes per second',
  unitShort: 'bps',
};

/** In Kiali's order, which is also the order of a node's `traffic` array. */
export const PROTOCOLS: readonly ProtocolDef[] = [GRPC, HTTP, TCP];

export function protocolDef(name: string): ProtocolDef | undefined {
  return PROTOCOLS.find((p) => p.name === name);
}

function add(rates: Record<string, number>, key: string, value: number): void {
  if (value <= 0) return;
  rates[key] = (rates[key] ?? 0) + value;
}

/** Kiali's `IsHTTPErr`: a 4xx or 5xx code. */
export function isHTTPErr(code: string): boolean {
  return code.startsWith('4') || code.startsWith('5');
}

/** Kiali's `IsGRPCErr`: any gRPC status but OK. */
export function isGRPCErr(code: string): boolean {
  return code !== '0' && code !== '';
}

/** The breakdown of an edge's responses with `code` (an empty code is Kiali's `-`). */
export function responseDetail(edge: GraphEdge, code: string): ResponseDetail {
  const key = code === '' ? '-' : code;
  let detail = edge.responses.get(key);
  if (detail === undefined) {
    detail = newResponseDetail();
    edge.responses.set(key, detail);
  }
  return detail;
}

/** Kiali's `AddToMetadata`: one traffic value onto source, destination and edge. */
export function addTrafficValue(options: {
  readonly protocol: string;
  readonly value: number;
  readonly code: string;
  readonly flags: string;
  readonly host: string;
  readonly source: GraphNode;
  readonly dest: GraphNode;
  readonly edge: GraphEdge;
}): void {
  const { value, code, source, dest, edge } = options;
  if (value <= 0) return;
  switch (options.protocol) {
    case 'grpc': {
      add(source.rates, 'grpcOut', value);
      add(dest.rates, 'grpcIn', value);
      add(edge.rates, 'grpc', value);
      responseDetail(edge, code).add(options.flags, options.host, value);
      if (code === '-') {
        add(dest.rates, 'grpcInNoResponse', value);
        add(edge.rates, 'grpcNoResponse', value);
      } else if (code.length === 3 ? isHTTPErr(code) : isGRPCErr(code)) {
        // Older Istio reports gRPC with HTTP codes: a three-digit code is read as HTTP.
        add(dest.rates, 'grpcInErr', value);
        add(edge.rates, 'grpcErr', value);
      }
      return;
    }
    case 'http': {
      add(source.rates, 'httpOut', value);
      add(dest.rates, 'httpIn', value);
      add(edge.rates, 'http', value);
      responseDetail(edge, code).add(options.flags, options.host, value);
      const cls =
        code === '-' ? 'NoResponse' : code.length > 0 && '345'.includes(code[0] ?? '') ? `${code[0]}xx` : '';
      if (cls !== '') {
        add(dest.rates, `httpIn${cls}`, value);
        add(edge.rates, `http${cls}`, value);
      }
      return;
    }
    case 'tcp':
      add(source.rates, 'tcpOut', value);
      add(dest.rates, 'tcpIn', value);
      add(edge.rates, 'tcp', value);
      responseDetail(edge, '-').add(options.flags, options.host, value);
      return;
    default:
      return;
  }
}

/** Kiali's `AddOutgoingEdgeToMetadata`: counts an edge's totals into its source's out-rates. */
export function addOutgoingEdge(source: GraphNode, edge: GraphEdge): void {
  add(source.rates, 'grpcOut', edge.rates.grpc ?? 0);
  add(source.rates, 'httpOut', edge.rates.http ?? 0);
  add(source.rates, 'tcpOut', edge.rates.tcp ?? 0);
}

/** Kiali's `ResetOutgoingMetadata`. */
export function resetOutgoing(node: GraphNode): void {
  delete node.rates.grpcOut;
  delete node.rates.httpOut;
  delete node.rates.tcpOut;
}

/** Kiali's `AggregateEdgeTraffic`: folds one edge's traffic into another (service graphs). */
export function aggregateEdgeTraffic(from: GraphEdge, into: GraphEdge): void {
  const keys: Record<string, readonly string[]> = {
    grpc: ['grpc', 'grpcErr'],
    http: ['http', 'http3xx', 'http4xx', 'http5xx'],
    tcp: ['tcp'],
  };
  for (const key of keys[from.protocol] ?? []) add(into.rates, key, from.rates[key] ?? 0);
  for (const [code, detail] of from.responses) {
    const target = responseDetail(into, code);
    detail.flags.keys.forEach((flags, i) => {
      target.flags.add(flags, detail.flags.values[i] ?? 0);
    });
    detail.hosts.keys.forEach((host, i) => {
      target.hosts.add(host, detail.hosts.values[i] ?? 0);
    });
  }
}
