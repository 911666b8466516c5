/**
 * The Find/Hide help's content: Kiali's help popover (`GraphHelpFind.tsx`) tab by tab —
 * examples, node operands, edge operands, operators and usage notes — limited to the operands
 * this console supports and with its additions (`degraded`, `failure`, `dead`, unit suffixes).
 */

export interface HelpRow {
  readonly expression: string;
  readonly notes: string;
}

export interface HelpTab {
  readonly id: 'examples' | 'nodes' | 'edges' | 'operators' | 'notes';
  readonly title: string;
  readonly columns: readonly [string, string];
  readonly rows: readonly HelpRow[];
}

const row = (expression: string, notes = ''): HelpRow => ({ expression, notes });

export const FIND_HELP_PREFACE =
  'Use the Find and Hide fields to highlight or hide graph nodes and edges. Each field accepts ' +
  'expressions in the language below; press Enter to apply. Hide takes precedence when Find ' +
  'and Hide are used together.';

export const FIND_HELP_TABS: readonly HelpTab[] = [
  {
    id: 'examples',
    title: 'Examples',
    columns: ['Expression', 'Description'],
    rows: [
      row('label:region', "nodes with the 'region' label (the value is ignored)"),
      row('!label:region', "nodes without the 'region' label"),
      row('label:region = east', "nodes with 'region' label equal to 'east'"),
      row('label:region != east', "nodes with 'region' label not equal to 'east'"),
      row('name = reviews', "nodes with app, service or workload name equal to 'reviews'"),
      row('name not contains rev', "nodes with app, service and workload name not containing 'rev'"),
      row('app startswith product', "nodes with app starting with 'product'"),
      row('app != details and version=v1', "nodes with app not equal to 'details' and version equal to 'v1'"),
      row('!sc', 'nodes without a sidecar'),
      row('!healthy', 'nodes that are degraded or failing'),
      row('httpin > 0.5', 'nodes with inbound HTTP rate > 0.5 rps'),
      row('tcpout >= 1000', 'nodes with outbound TCP rate >= 1000 bytes/s'),
      row('!traffic', 'edges with no traffic'),
      row('http > 0.5', 'edges with HTTP rate > 0.5 rps'),
      row('%httperr > 0', 'edges with HTTP errors'),
      row('rt > 500', 'edges with response time > 500 ms'),
      row('%httptraffic >= 50.0', "edges with >= 50% of their source's outbound HTTP requests"),
      row(
        'node = svc and svc startswith det or !traffic',
        "service nodes starting with 'det', or edges with no traffic",
      ),
    ],
  },
  {
    id: 'nodes',
    title: 'Nodes',
    columns: ['Expression', 'Notes'],
    rows: [
      row('app <op> <appName>', 'tests against canonical service'),
      row('cluster <op> <clusterName>'),
      row('grpcin <op> <number>', 'unit: requests per second'),
      row('grpcout <op> <number>', 'unit: requests per second'),
      row('httpin <op> <number>', 'unit: requests per second'),
      row('httpout <op> <number>', 'unit: requests per second'),
      row('label:<label> <op> <value>', '<label> is a k8s label on the service, workload, etc.'),
      row('name <op> <string>', 'tests against app, operation, service and workload names'),
      row('namespace <op> <namespaceName>'),
      row('node <op> <nodeType>', 'nodeType: app | operation | service | workload | unknown'),
      row('operation <op> <operationName>'),
      row('service <op> <serviceName>'),
      row('version <op> <string>', 'tests against canonical revision'),
      row('tcpin <op> <number>', 'unit: bytes per second'),
      row('tcpout <op> <number>', 'unit: bytes per second'),
      row('workload <op> <workloadName>'),
      row('circuitbreaker'),
      row('dead', 'has no pods'),
      row('degraded', 'health is Degraded'),
      row('failure', 'health is Failure'),
      row('faultinjection'),
      row('healthy', 'is not degraded or failing'),
      row('idle', 'shown only with the "Idle nodes" display option'),
      row('inaccessible'),
      row('mirroring'),
      row('outside', 'is outside of requested namespaces'),
      row('requestrouting'),
      row('requesttimeout'),
      row('sidecar'),
      row('tcptrafficshifting'),
      row('trafficshifting'),
      row('trafficsource', 'has only outbound edges'),
      row('virtualservice'),
    ],
  },
  {
    id: 'edges',
    title: 'Edges',
    columns: ['Expression', 'Notes'],
    rows: [
      row('destprincipal <op> <principal>'),
      row('grpc <op> <number>', 'unit: requests per second'),
      row('%grpcerr <op> <number>', 'range: [0..100]'),
      row('%grpctraffic <op> <number>', 'range: [0..100]'),
      row('http <op> <number>', 'unit: requests per second'),
      row('%httperr <op> <number>', 'range: [0..100]'),
      row('%httptraffic <op> <number>', 'range: [0..100]'),
      row('mtls', 'has mTLS traffic'),
      row('protocol <op> <protocol>', 'grpc, http, tcp, etc.'),
      row('responsetime <op> <number>', 'unit: millis (a value may end in ms or s)'),
      row('sourceprincipal <op> <principal>'),
      row('tcp <op> <number>', 'unit: bytes per second'),
      row('throughput <op> <number>', 'unit: bytes per second'),
      row('traffic', 'any traffic for any protocol'),
    ],
  },
  {
    id: 'operators',
    title: 'Operators',
    columns: ['Operator', 'Description'],
    rows: [
      row('! | not <unary expression>', 'negation'),
      row('=', 'equals'),
      row('!=', 'not equals'),
      row('endswith | $=', 'ends with, strings only'),
      row('!endswith | !$=', 'not ends with, strings only'),
      row('startswith | ^=', 'starts with, strings only'),
      row('!startswith | !^=', 'not starts with, strings only'),
      row('contains | *=', 'contains, strings only'),
      row('!contains | !*=', 'not contains, strings only'),
      row('>', 'greater than'),
      row('>=', 'greater than or equals'),
      row('<', 'less than'),
      row('<=', 'less than or equals'),
    ],
  },
  {
    id: 'notes',
    title: 'Usage Notes',
    columns: ['Usage Note', ''],
    rows: [
      row('AND binds tighter than OR: "a and b or c" means (a and b) or c. Parentheses are not supported.'),
      row('Use OR to combine node and edge criteria; one AND clause is all node or all edge criteria.'),
      row(
        'Use "<operand> = NaN" to test for no activity. Use "!= NaN" for any activity. (e.g. httpout = NaN)',
      ),
      row('Unary operands may optionally be prefixed with "is" or "has". (i.e. "has mtls")'),
      row(
        'The "name" operand tests app, operation, service and workload names: any of them, all of them when negated.',
      ),
      row('String comparisons are case-sensitive; operands and operators are not.'),
      row(
        'For the configured app and version labels, use the "app" and "version" operands, as opposed to "label:".',
      ),
      row('Abbreviate: ns|namespace, svc|service, wl|workload, op|operation'),
      row('Abbreviate: rt|responsetime, sc|sidecar, vs|virtualservice, root|trafficsource'),
      row(
        'Abbreviate: cb|circuitbreaker, fi|faultinjection, rr|requestrouting, rto|requesttimeout, ts|trafficshifting',
      ),
      row('Hiding nodes will automatically hide connected edges.'),
      row('Hiding edges will automatically hide nodes left with no visible edges.'),
      row('Hiding "healthy" nodes may still leave valid, healthy edges in the graph.'),
    ],
  },
];
