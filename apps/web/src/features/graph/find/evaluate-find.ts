/**
 * Runs a parsed Find/Hide expression over the graph JSON, with the meaning Kiali's cytoscape
 * selectors give it:
 *
 * - String tests are case-sensitive; an absent attribute fails `=`, `contains`, … and passes
 *   their negations. `name` tests app, service, workload and operation: any of them for a
 *   positive operator, all of them for a negated one.
 * - Number tests read the wire's rates as numbers. A rate the element does not have is NaN
 *   ("no activity"): it fails every comparison and only `= NaN` finds it; an edge's error or
 *   traffic percentage of the protocol it carries defaults to 0, so `%httperr = 0` finds clean
 *   HTTP edges.
 * - Box nodes (namespace, app, cluster boxes) are never matched: the canvas shows or hides a
 *   box by its children.
 *
 * `hiddenElements` then widens a Hide match as Kiali does: edges of hidden nodes are hidden, and
 * a node whose edges are all hidden is hidden too (unless idle, which is its own display option).
 */
import type { GraphEdgeData, GraphJson, GraphNodeData } from '@meshlens/mesh-core/graph';
import type { FindExpression, FindTerm } from './parse-find.ts';
import { parseFind } from './parse-find.ts';
import type { FindError } from './parse-find.ts';
import type { NumberOperand, NumericOp, StringOp } from './operands.ts';

export interface FindMatches {
  readonly nodes: ReadonlySet<string>;
  readonly edges: ReadonlySet<string>;
}

const EMPTY: FindMatches = { nodes: new Set(), edges: new Set() };

function stringTest(actual: string | undefined, op: StringOp, value: string): boolean {
  const negated = op.startsWith('!');
  if (actual === undefined) return negated;
  const base = negated ? op.slice(1) : op;
  const hit =
    base === '='
      ? actual === value
      : base === '*='
        ? actual.includes(value)
        : base === '^='
          ? actual.startsWith(value)
          : actual.endsWith(value);
  return negated ? !hit : hit;
}

function numberTest(actual: number, op: NumericOp, value: number): boolean {
  if (Number.isNaN(value)) return op === '=' ? Number.isNaN(actual) : !Number.isNaN(actual);
  if (Number.isNaN(actual)) return false;
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
  }
}

const toNumber = (s: string | undefined, fallback: number): number => {
  if (s === undefined) return fallback;
  const n = Number(s);
  return Number.isFinite(n) ? n : fallback;
};

/** A node rate (`httpIn`, …): NaN when the node has no such traffic ("no activity"). */
function nodeRate(node: GraphNodeData, protocol: string, rate: string): number {
  const traffic = node.traffic?.find((t) => t.protocol === protocol);
  return toNumber(traffic?.rates?.[rate], Number.NaN);
}

/** An edge rate of `protocol`: NaN unless the edge carries that protocol. */
function edgeRate(edge: GraphEdgeData, protocol: string, rate: string): number {
  if (edge.traffic.protocol !== protocol) return Number.NaN;
  const value = edge.traffic.rates?.[rate];
  return rate === protocol ? toNumber(value, Number.NaN) : toNumber(value, 0);
}

const NODE_NUMBERS: Partial<Record<NumberOperand, (n: GraphNodeData) => number>> = {
  httpin: (n) => nodeRate(n, 'http', 'httpIn'),
  httpout: (n) => nodeRate(n, 'http', 'httpOut'),
  grpcin: (n) => nodeRate(n, 'grpc', 'grpcIn'),
  grpcout: (n) => nodeRate(n, 'grpc', 'grpcOut'),
  tcpin: (n) => nodeRate(n, 'tcp', 'tcpIn'),
  tcpout: (n) => nodeRate(n, 'tcp', 'tcpOut'),
};

const EDGE_NUMBERS: Partial<Record<NumberOperand, (e: GraphEdgeData) => number>> = {
  http: (e) => edgeRate(e, 'http', 'http'),
  '%httperr': (e) => edgeRate(e, 'http', 'httpPercentErr'),
  '%httptraffic': (e) => edgeRate(e, 'http', 'httpPercentReq'),
  grpc: (e) => edgeRate(e, 'grpc', 'grpc'),
  '%grpcerr': (e) => edgeRate(e, 'grpc', 'grpcPercentErr'),
  '%grpctraffic': (e) => edgeRate(e, 'grpc', 'grpcPercentReq'),
  tcp: (e) => edgeRate(e, 'tcp', 'tcp'),
  responsetime: (e) => toNumber(e.responseTime, Number.NaN),
  throughput: (e) => toNumber(e.throughput, Number.NaN),
};

function nodeStrings(node: GraphNodeData, operand: string): readonly (string | undefined)[] {
  switch (operand) {
    case 'app':
      return [node.app];
    case 'cluster':
      return [node.cluster];
    case 'namespace':
      return [node.namespace];
    case 'node':
      return [node.nodeType];
    case 'operation':
      return [node.aggregate];
    case 'service':
      return [node.service];
    case 'version':
      return [node.version];
    case 'workload':
      return [node.workload];
    case 'name':
      return [node.aggregate, node.app, node.service, node.workload];
    default:
      return [];
  }
}

function edgeString(edge: GraphEdgeData, operand: string): string | undefined {
  switch (operand) {
    case 'protocol':
      return edge.traffic.protocol;
    case 'sourceprincipal':
      return edge.sourcePrincipal;
    case 'destprincipal':
      return edge.destPrincipal;
    default:
      return undefined;
  }
}

function nodeFlag(node: GraphNodeData, operand: string, negated: boolean): boolean {
  const status = node.healthStatus;
  switch (operand) {
    case 'healthy':
      // Kiali: "!healthy" means degraded or failing, not merely "no health information".
      return negated
        ? status !== undefined && !['Healthy', 'NA', 'Not Ready'].includes(status)
        : status === 'Healthy';
    case 'degraded':
      return (status === 'Degraded') !== negated;
    case 'failure':
      return (status === 'Failure') !== negated;
    case 'sidecar':
      return (node.isOutOfMesh !== true) !== negated;
    default: {
      const value = {
        circuitbreaker: node.hasCB,
        dead: node.isDead,
        faultinjection: node.hasFaultInjection,
        idle: node.isIdle,
        inaccessible: node.isInaccessible,
        mirroring: node.hasMirroring,
        outside: node.isOutside,
        requestrouting: node.hasRequestRouting,
        requesttimeout: node.hasRequestTimeout,
        tcptrafficshifting: node.hasTCPTrafficShifting,
        trafficshifting: node.hasTrafficShifting,
        trafficsource: node.isRoot,
        virtualservice: node.hasVS !== undefined,
      }[operand];
      return (value === true) !== negated;
    }
  }
}

function edgeFlag(edge: GraphEdgeData, operand: string, negated: boolean): boolean {
  if (operand === 'mtls') return toNumber(edge.isMTLS, 0) > 0 !== negated;
  const protocol = edge.traffic.protocol;
  const hasTraffic = protocol !== undefined && toNumber(edge.traffic.rates?.[protocol], 0) > 0;
  return hasTraffic !== negated;
}

function nodeMatches(node: GraphNodeData, term: FindTerm): boolean {
  switch (term.kind) {
    case 'string': {
      const values = nodeStrings(node, term.operand);
      return term.op.startsWith('!')
        ? values.every((v) => stringTest(v, term.op, term.value))
        : values.some((v) => stringTest(v, term.op, term.value));
    }
    case 'number': {
      const read = NODE_NUMBERS[term.operand];
      return read !== undefined && numberTest(read(node), term.op, term.value);
    }
    case 'flag':
      return nodeFlag(node, term.operand, term.negated);
    case 'label':
      return stringTest(node.labels?.[term.label], term.op, term.value);
    case 'hasLabel':
      return (node.labels?.[term.label] !== undefined) !== term.negated;
  }
}

function edgeMatches(edge: GraphEdgeData, term: FindTerm): boolean {
  switch (term.kind) {
    case 'string':
      return stringTest(edgeString(edge, term.operand), term.op, term.value);
    case 'number': {
      const read = EDGE_NUMBERS[term.operand];
      return read !== undefined && numberTest(read(edge), term.op, term.value);
    }
    case 'flag':
      return edgeFlag(edge, term.operand, term.negated);
    case 'label':
    case 'hasLabel':
      return false;
  }
}

export function evaluateFind(expression: FindExpression, graph: GraphJson): FindMatches {
  if (expression.clauses.length === 0) return EMPTY;
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const clause of expression.clauses) {
    if (clause.target === 'node') {
      for (const { data } of graph.elements.nodes) {
        if (data.nodeType !== 'box' && clause.terms.every((t) => nodeMatches(data, t))) nodes.add(data.id);
      }
    } else {
      for (const { data } of graph.elements.edges) {
        if (clause.terms.every((t) => edgeMatches(data, t))) edges.add(data.id);
      }
    }
  }
  return { nodes, edges };
}

/** The ids Kiali hides for a Hide match: the match, edges of hidden nodes, nodes left without edges. */
export function hiddenElements(matches: FindMatches, graph: GraphJson): ReadonlySet<string> {
  const hidden = new Set<string>([...matches.nodes, ...matches.edges]);
  if (hidden.size === 0) return hidden;
  const withEdges = new Set<string>();
  const withVisibleEdges = new Set<string>();
  for (const { data: e } of graph.elements.edges) {
    withEdges.add(e.source).add(e.target);
    if (!hidden.has(e.id) && !hidden.has(e.source) && !hidden.has(e.target)) {
      withVisibleEdges.add(e.source).add(e.target);
    }
  }
  for (const { data: n } of graph.elements.nodes) {
    if (n.nodeType === 'box' || n.isIdle === true) continue;
    if (withEdges.has(n.id) && !withVisibleEdges.has(n.id)) hidden.add(n.id);
  }
  for (const { data: e } of graph.elements.edges) {
    if (hidden.has(e.source) || hidden.has(e.target)) hidden.add(e.id);
  }
  return hidden;
}

export interface FindHideResult {
  /** Ids to highlight; hidden elements are left out (Hide takes precedence, as in Kiali). */
  readonly find: ReadonlySet<string>;
  readonly hide: ReadonlySet<string>;
  readonly findError?: FindError;
  readonly hideError?: FindError;
}

/** Both expressions over one graph; an invalid expression matches nothing and reports why. */
export function findAndHide(
  graph: GraphJson | undefined,
  findText: string,
  hideText: string,
): FindHideResult {
  const find = parseFind(findText);
  const hide = parseFind(hideText);
  const errors = {
    ...(find.ok ? {} : { findError: find.error }),
    ...(hide.ok ? {} : { hideError: hide.error }),
  };
  if (graph === undefined) return { find: new Set(), hide: new Set(), ...errors };
  const hidden = hide.ok ? hiddenElements(evaluateFind(hide.expression, graph), graph) : new Set<string>();
  const found = find.ok ? evaluateFind(find.expression, graph) : EMPTY;
  const highlighted = new Set([...found.nodes, ...found.edges].filter((id) => !hidden.has(id)));
  return { find: highlighted, hide: hidden, ...errors };
}
