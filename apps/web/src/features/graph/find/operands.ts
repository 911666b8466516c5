/**
 * The operands and operators of Kiali's graph Find/Hide language (kiali frontend
 * `GraphToolbar/GraphFind.tsx`, `GraphHelpFind.tsx`), as data shared by the parser, the
 * evaluator and the help table. Operand names are Kiali's, matched case-insensitively, with
 * Kiali's abbreviations. Kiali operands the graph JSON cannot answer (`rank`, `serviceentry`,
 * `workloadentry`) are left out; `degraded` and `failure` join Kiali's `healthy`.
 */
import type { GraphNodeData } from '@meshlens/mesh-core/graph';

export type FindTarget = 'node' | 'edge';

export const STRING_OPS = ['=', '!=', '*=', '!*=', '^=', '!^=', '$=', '!$='] as const;
export type StringOp = (typeof STRING_OPS)[number];
export const NUMERIC_OPS = ['=', '!=', '>', '>=', '<', '<='] as const;
export type NumericOp = (typeof NUMERIC_OPS)[number];
/** Every symbolic operator, longest first so that the tokenizer takes `!*=` before `!`. */
export const SYMBOL_OPS = [
  '!*=',
  '!^=',
  '!$=',
  '!=',
  '>=',
  '<=',
  '*=',
  '^=',
  '$=',
  '=',
  '>',
  '<',
  '!',
] as const;
export type SymbolOp = (typeof SYMBOL_OPS)[number];

/** The word forms of the string operators (`contains`, `not contains`, …). */
export const WORD_OPS: Readonly<Record<string, StringOp>> = {
  contains: '*=',
  startswith: '^=',
  endswith: '$=',
};

export const NODE_STRING_OPERANDS = [
  'app',
  'cluster',
  'name',
  'namespace',
  'node',
  'operation',
  'service',
  'version',
  'workload',
] as const;
export const EDGE_STRING_OPERANDS = ['destprincipal', 'protocol', 'sourceprincipal'] as const;
export const NODE_NUMBER_OPERANDS = ['grpcin', 'grpcout', 'httpin', 'httpout', 'tcpin', 'tcpout'] as const;
export const EDGE_NUMBER_OPERANDS = [
  'grpc',
  '%grpcerr',
  '%grpctraffic',
  'http',
  '%httperr',
  '%httptraffic',
  'responsetime',
  'tcp',
  'throughput',
] as const;
export const NODE_FLAG_OPERANDS = [
  'circuitbreaker',
  'dead',
  'degraded',
  'failure',
  'faultinjection',
  'healthy',
  'idle',
  'inaccessible',
  'mirroring',
  'outside',
  'requestrouting',
  'requesttimeout',
  'sidecar',
  'tcptrafficshifting',
  'trafficshifting',
  'trafficsource',
  'virtualservice',
] as const;
export const EDGE_FLAG_OPERANDS = ['mtls', 'traffic'] as const;

export type StringOperand = (typeof NODE_STRING_OPERANDS)[number] | (typeof EDGE_STRING_OPERANDS)[number];
export type NumberOperand = (typeof NODE_NUMBER_OPERANDS)[number] | (typeof EDGE_NUMBER_OPERANDS)[number];
export type FlagOperand = (typeof NODE_FLAG_OPERANDS)[number] | (typeof EDGE_FLAG_OPERANDS)[number];
export type Operand = StringOperand | NumberOperand | FlagOperand;

/** Kiali's abbreviations (its help's "Abbreviate" notes) and alternative spellings. */
export const OPERAND_ALIASES: Readonly<Record<string, Operand>> = {
  ns: 'namespace',
  svc: 'service',
  wl: 'workload',
  op: 'operation',
  rt: 'responsetime',
  sc: 'sidecar',
  vs: 'virtualservice',
  cb: 'circuitbreaker',
  fi: 'faultinjection',
  rr: 'requestrouting',
  rto: 'requesttimeout',
  ts: 'trafficshifting',
  tcpts: 'tcptrafficshifting',
  outsider: 'outside',
  root: 'trafficsource',
  '%httperror': '%httperr',
  '%grpcerror': '%grpcerr',
};

/** The prefix of Kiali's label operand: `label:<k8s label>`. */
export const LABEL_PREFIX = 'label:';

export type OperandKind = 'string' | 'number' | 'flag';

export interface OperandInfo {
  readonly operand: Operand;
  readonly target: FindTarget;
  readonly kind: OperandKind;
}

const INFO: ReadonlyMap<string, OperandInfo> = new Map(
  (
    [
      [NODE_STRING_OPERANDS, 'node', 'string'],
      [EDGE_STRING_OPERANDS, 'edge', 'string'],
      [NODE_NUMBER_OPERANDS, 'node', 'number'],
      [EDGE_NUMBER_OPERANDS, 'edge', 'number'],
      [NODE_FLAG_OPERANDS, 'node', 'flag'],
      [EDGE_FLAG_OPERANDS, 'edge', 'flag'],
    ] as const
  ).flatMap(([names, target, kind]) =>
    names.map((operand): [string, OperandInfo] => [operand, { operand, target, kind }]),
  ),
);

/** The operand a word names (any case, aliases resolved), or undefined. */
export function operandInfo(word: string): OperandInfo | undefined {
  const lower = word.toLowerCase();
  return INFO.get(OPERAND_ALIASES[lower] ?? lower);
}

/**
 * The unit a number operand is measured in, and the suffixes a value may carry (a factor to
 * that unit). Kiali takes plain numbers; a suffix naming the operand's own unit is accepted so
 * that `rt > 1s` and `rt > 1000ms` mean the same, and any other suffix is an error.
 */
export interface OperandUnit {
  readonly unit: string;
  readonly suffixes: Readonly<Record<string, number>>;
}

const RPS: OperandUnit = { unit: 'requests per second', suffixes: { rps: 1 } };
const BPS: OperandUnit = { unit: 'bytes per second', suffixes: { bps: 1, kbps: 1024 } };
const PERCENT: OperandUnit = { unit: 'percent, 0..100', suffixes: { '%': 1 } };

export const OPERAND_UNITS: Readonly<Record<NumberOperand, OperandUnit>> = {
  grpcin: RPS,
  grpcout: RPS,
  httpin: RPS,
  httpout: RPS,
  tcpin: BPS,
  tcpout: BPS,
  grpc: RPS,
  '%grpcerr': PERCENT,
  '%grpctraffic': PERCENT,
  http: RPS,
  '%httperr': PERCENT,
  '%httptraffic': PERCENT,
  responsetime: { unit: 'milliseconds', suffixes: { ms: 1, s: 1000 } },
  tcp: BPS,
  throughput: BPS,
};

/** Kiali's node types for the `node` operand, with its abbreviations. */
export const NODE_TYPE_VALUES: Readonly<Record<string, GraphNodeData['nodeType']>> = {
  app: 'app',
  operation: 'aggregate',
  op: 'aggregate',
  service: 'service',
  svc: 'service',
  workload: 'workload',
  wl: 'workload',
  unknown: 'unknown',
};
