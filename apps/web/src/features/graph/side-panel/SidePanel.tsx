/**
 * The graph's side panel (Kiali's `SummaryPanel`): the graph's totals when nothing is selected,
 * else the selected node's or edge's summary. A selection the current graph no longer holds
 * (the element went idle, or the URL is stale) says so above the totals.
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import type { GraphSelection } from '../selection.ts';
import { EdgeSummary } from './EdgeSummary.tsx';
import { GraphSummary } from './GraphSummary.tsx';
import { NodeSummary } from './NodeSummary.tsx';
import '../../../components/console-ui.css';
import './side-panel.css';

export function SidePanel(props: {
  selection: GraphSelection;
  graph: GraphJson | undefined;
  options: { namespaces: readonly string[]; graphType: string; durationSec: number };
}) {
  const { selection, graph, options } = props;
  return (
    <aside aria-label="Details" className="side-panel">
      {graph === undefined ? (
        <p className="muted" role="status">
          Waiting for the graph…
        </p>
      ) : (
        <SelectionSummary selection={selection} graph={graph} options={options} />
      )}
    </aside>
  );
}

function SelectionSummary(props: {
  readonly selection: GraphSelection;
  readonly graph: GraphJson;
  readonly options: {
    readonly namespaces: readonly string[];
    readonly graphType: string;
    readonly durationSec: number;
  };
}) {
  const { selection, graph, options } = props;
  const summary = <GraphSummary graph={graph} namespaces={options.namespaces} />;
  switch (selection.kind) {
    case 'none':
      return summary;
    case 'node': {
      const node = graph.elements.nodes.find((n) => n.data.id === selection.id)?.data;
      if (node === undefined) return <Missing what="node">{summary}</Missing>;
      return (
        <NodeSummary
          key={node.id}
          node={node}
          graph={graph}
          graphType={options.graphType}
          durationSec={options.durationSec}
        />
      );
    }
    case 'edge': {
      const edge = graph.elements.edges.find((e) => e.data.id === selection.id)?.data;
      if (edge === undefined) return <Missing what="edge">{summary}</Missing>;
      return <EdgeSummary key={edge.id} edge={edge} graph={graph} />;
    }
  }
}

function Missing(props: { readonly what: string; readonly children: React.ReactNode }) {
  return (
    <>
      <p className="side-missing" role="note">
        The selected {props.what} is not in the current graph.
      </p>
      {props.children}
    </>
  );
}
