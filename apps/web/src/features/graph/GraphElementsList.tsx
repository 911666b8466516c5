/**
 * The graph's nodes and edges as two tables, for keyboard and screen-reader users and for
 * end-to-end tests (a deliberate contract: the section, table labels and column headers do not
 * change; while a trace is shown on the graph both tables gain a last column "In trace", `Yes` on
 * the rows of its path). Boxes are not listed. Each row's name is a button that selects the element, like a
 * click on the canvas. An edge's "Health" column says in words what its colour on the canvas says
 * (Failure is red, Degraded orange, Healthy green, Idle grey; TCP edges are not coloured by health).
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import { useMemo, useState } from 'react';
import type { ColorVar } from './canvas/styles.ts';
import { edgeColorVar } from './canvas/styles.ts';
import { edgeCells, edgeMetrics, healthName, listNodeRate, nodeName, nodeRates } from './format.ts';
import type { GraphSelection } from './selection.ts';

export interface GraphElementsListProps {
  readonly graph: GraphJson;
  readonly selection: GraphSelection;
  readonly onSelect: (selection: GraphSelection) => void;
  /** Elements hidden by the find/hide bar are left out here too. */
  readonly hide?: ReadonlySet<string>;
  /** Elements Find matched: marked `aria-current` in the tables, as the canvas highlights them. */
  readonly find?: ReadonlySet<string>;
  /** A trace's path (node and edge ids) shown on the graph: adds the "In trace" column. */
  readonly inTrace?: ReadonlySet<string> | undefined;
}

const EDGE_HEALTH_NAMES: Partial<Record<ColorVar, string>> = {
  '--failure': 'Failure',
  '--degraded': 'Degraded',
  '--healthy': 'Healthy',
  '--idle': 'Idle',
  '--accent': 'TCP',
};

const NODE_TYPE_NAMES: Readonly<Record<string, string>> = {
  app: 'App',
  workload: 'Workload',
  service: 'Service',
  unknown: 'Unknown',
  aggregate: 'Operation',
};

export function GraphElementsList(props: GraphElementsListProps) {
  const { graph, selection, onSelect, hide } = props;
  const [open, setOpen] = useState(true);
  const rows = useMemo(() => {
    const graphType = graph.graphType;
    const names = new Map(graph.elements.nodes.map((n) => [n.data.id, nodeName(n.data, graphType)]));
    const nodes = graph.elements.nodes
      .filter((n) => n.data.nodeType !== 'box' && hide?.has(n.data.id) !== true)
      .map((n) => {
        const rates = nodeRates(n.data);
        return {
          id: n.data.id,
          name: names.get(n.data.id) ?? '',
          namespace: n.data.namespace,
          type: NODE_TYPE_NAMES[n.data.nodeType] ?? n.data.nodeType,
          health: healthName(n.data),
          inbound: listNodeRate(rates, 'in'),
          outbound: listNodeRate(rates, 'out'),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace));
    const edges = graph.elements.edges
      .filter(
        (e) =>
          hide?.has(e.data.id) !== true &&
          hide?.has(e.data.source) !== true &&
          hide?.has(e.data.target) !== true,
      )
      .map((e) => ({
        id: e.data.id,
        from: names.get(e.data.source) ?? e.data.source,
        to: names.get(e.data.target) ?? e.data.target,
        ...edgeCells(edgeMetrics(e.data)),
        health: EDGE_HEALTH_NAMES[edgeColorVar(edgeMetrics(e.data), e.data.healthStatus)] ?? '',
      }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return { nodes, edges };
  }, [graph, hide]);

  const isSelected = (kind: 'node' | 'edge', id: string) => selection.kind === kind && selection.id === id;
  const { inTrace } = props;
  const traceHeader = inTrace === undefined ? null : <th scope="col">In trace</th>;
  const traceCell = (id: string) =>
    inTrace === undefined ? null : (
      <td className={inTrace.has(id) ? 'in-trace' : undefined}>{inTrace.has(id) ? 'Yes' : ''}</td>
    );

  return (
    <section aria-label="Graph nodes and edges" className="graph-list">
      <button
        type="button"
        className="graph-list-toggle"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {open ? 'Hide' : 'Show'} nodes and edges list ({rows.nodes.length} nodes, {rows.edges.length} edges)
      </button>
      {open ? (
        <div className="graph-list-tables">
          <table aria-label="Nodes">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Namespace</th>
                <th scope="col">Type</th>
                <th scope="col">Health</th>
                <th scope="col">Inbound rps</th>
                <th scope="col">Outbound rps</th>
                {traceHeader}
              </tr>
            </thead>
            <tbody>
              {rows.nodes.map((n) => (
                <tr
                  key={n.id}
                  className={isSelected('node', n.id) ? 'selected' : undefined}
                  aria-current={props.find?.has(n.id) === true ? 'true' : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="graph-list-select"
                      aria-pressed={isSelected('node', n.id)}
                      onClick={() => {
                        onSelect({ kind: 'node', id: n.id });
                      }}
                    >
                      {n.name}
                    </button>
                  </td>
                  <td>{n.namespace}</td>
                  <td>{n.type}</td>
                  <td>{n.health}</td>
                  <td className="num">{n.inbound}</td>
                  <td className="num">{n.outbound}</td>
                  {traceCell(n.id)}
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Edges">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Protocol</th>
                <th scope="col">Rate</th>
                <th scope="col">% of source</th>
                <th scope="col">% errors</th>
                <th scope="col">Response time</th>
                <th scope="col">Health</th>
                {traceHeader}
              </tr>
            </thead>
            <tbody>
              {rows.edges.map((e) => (
                <tr
                  key={e.id}
                  className={isSelected('edge', e.id) ? 'selected' : undefined}
                  aria-current={props.find?.has(e.id) === true ? 'true' : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="graph-list-select"
                      aria-pressed={isSelected('edge', e.id)}
                      aria-label={`${e.from} to ${e.to}`}
                      onClick={() => {
                        onSelect({ kind: 'edge', id: e.id });
                      }}
                    >
                      {e.from}
                    </button>
                  </td>
                  <td>{e.to}</td>
                  <td>{e.protocol}</td>
                  <td className="num">{e.rate}</td>
                  <td className="num">{e.percentOfSource}</td>
                  <td className="num">{e.percentErrors}</td>
                  <td className="num">{e.responseTime}</td>
                  <td>{e.health}</td>
                  {traceCell(e.id)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
