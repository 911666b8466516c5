/**
 * The Traffic Graph page: Kiali's namespace graph (`/graph/namespaces`) and node graphs
 * (`/graph/node/namespaces/:namespace/…`). It reads the shared namespaces, duration and refresh
 * and the graph's own URL state, polls the graph, and lays out the toolbar, the find/hide bar,
 * the canvas with the side panel, and the accessible list of nodes and edges; a `trace` parameter
 * highlights that trace's path ("show on graph") under a banner.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DURATIONS, useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { GraphCanvasHandle } from './canvas/GraphCanvas.tsx';
import { GraphCanvas } from './canvas/GraphCanvas.tsx';
import { FindHideBar } from './find/FindHideBar.tsx';
import { GraphElementsList } from './GraphElementsList.tsx';
import { GraphToolbar } from './GraphToolbar.tsx';
import type { GraphTarget } from './node-graph.ts';
import { nodeTarget, targetPagePath, targetTitle } from './node-graph.ts';
import { graphQueryOptions } from './queries.ts';
import { SELECTED_PARAM, useGraphSelection } from './selection.ts';
import { SidePanel } from './side-panel/SidePanel.tsx';
import { TraceBanner } from './TraceBanner.tsx';
import { useTraceHighlight } from './trace-highlight.ts';
import { useGraphUrlState } from './url.ts';
import './graph.css';

/**
 * The page's target from the route parameters: no `namespace` is the namespace graph; otherwise
 * the one of `app` (with `version`), `workload` or `service` the route has.
 */
export function targetFromParams(params: Readonly<Partial<Record<string, string>>>): GraphTarget {
  const { namespace, app, version, workload, service } = params;
  if (namespace === undefined) return { kind: 'namespaces' };
  if (app !== undefined)
    return version === undefined ? { kind: 'app', namespace, app } : { kind: 'app', namespace, app, version };
  if (workload !== undefined) return { kind: 'workload', namespace, workload };
  if (service !== undefined) return { kind: 'service', namespace, service };
  return { kind: 'namespaces' };
}

interface FindHide {
  readonly find: ReadonlySet<string>;
  readonly hide: ReadonlySet<string>;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));

export function GraphPage() {
  const target = targetFromParams(useParams());
  const shared = useSharedState();
  const [state, update] = useGraphUrlState();
  const [selection, select] = useGraphSelection();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const canvasRef = useRef<GraphCanvasHandle>(null);
  const [findHide, setFindHide] = useState<FindHide>({ find: new Set(), hide: new Set() });

  const nsKey = (target.kind === 'namespaces' ? shared.namespaces : [target.namespace]).join(',');
  const namespaces = useMemo(() => (nsKey === '' ? [] : nsKey.split(',')), [nsKey]);
  const query = useQuery(
    graphQueryOptions(
      {
        target,
        namespaces: shared.namespaces,
        graphType: state.graphType,
        durationSec: shared.durationSec,
        boxNamespace: state.flags.boxNamespace,
        idleNodes: state.flags.idleNodes,
        idleEdges: state.flags.idleEdges,
        injectServiceNodes: state.flags.injectServiceNodes,
        responseTimeStat: state.responseTimeStat,
      },
      shared.refreshMs,
    ),
  );
  const graph = query.data;
  const trace = useTraceHighlight(graph);

  const onMatch = useCallback((find: ReadonlySet<string>, hide: ReadonlySet<string>) => {
    setFindHide((prev) => (sameSet(prev.find, find) && sameSet(prev.hide, hide) ? prev : { find, hide }));
  }, []);

  const onOpen = useCallback(
    (id: string) => {
      const node = graph?.elements.nodes.find((n) => n.data.id === id);
      const next =
        node === undefined ? undefined : nodeTarget(node.data, graph?.graphType ?? state.graphType);
      if (next === undefined) return;
      const keep = new URLSearchParams(search);
      keep.delete(SELECTED_PARAM);
      void navigate({ pathname: targetPagePath(next), search: keep.toString() });
    },
    [graph, navigate, search, state.graphType],
  );

  const sidePanelOptions = useMemo(
    () => ({ namespaces, graphType: state.graphType, durationSec: shared.durationSec }),
    [namespaces, state.graphType, shared.durationSec],
  );

  const durationLabel = DURATIONS.find((d) => d.seconds === shared.durationSec)?.label.toLowerCase() ?? '';
  let body: ReactNode;
  if (target.kind === 'namespaces' && shared.namespaces.length === 0) {
    body = (
      <EmptyState title="No namespace selected">
        <p>Pick one or more namespaces in the Namespaces menu of the toolbar to see their traffic.</p>
      </EmptyState>
    );
  } else if (graph === undefined) {
    body = query.isError ? (
      <EmptyState title="The graph cannot be loaded">
        <p role="alert">{query.error.message}</p>
      </EmptyState>
    ) : (
      <p className="graph-loading" role="status">
        Loading the graph…
      </p>
    );
  } else if (graph.elements.nodes.length === 0) {
    body = (
      <EmptyState title="Empty graph">
        <p>
          There was no traffic in {namespaces.join(', ')} in the {durationLabel}. Try a longer duration, or
          show idle nodes in the Display menu.
        </p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <div className="graph-body">
          <GraphCanvas
            ref={canvasRef}
            graph={graph}
            edgeLabels={state.edgeLabels}
            flags={state.flags}
            layout={state.layout}
            multiNamespace={namespaces.length > 1}
            selection={selection}
            onSelect={select}
            onOpen={onOpen}
            find={findHide.find}
            hide={findHide.hide}
            trace={trace?.elements}
          />
          <SidePanel selection={selection} graph={graph} options={sidePanelOptions} />
        </div>
        <GraphElementsList
          graph={graph}
          selection={selection}
          onSelect={select}
          hide={findHide.hide}
          find={findHide.find}
          inTrace={trace?.elements}
        />
      </>
    );
  }

  return (
    <div className="graph-page">
      <div className="graph-heading">
        <h1>{targetTitle(target)}</h1>
        {target.kind === 'namespaces' ? null : (
          <Link to={{ pathname: '/graph/namespaces', search: search.toString() }}>
            Back to the namespace graph
          </Link>
        )}
        {query.isError && graph !== undefined ? (
          <span role="alert" className="graph-refresh-error">
            Refresh failed: {query.error.message}
          </span>
        ) : null}
      </div>
      <GraphToolbar
        state={state}
        update={update}
        showNamespaces={target.kind === 'namespaces'}
        onFit={() => canvasRef.current?.fit()}
      />
      {graph === undefined ? null : <FindHideBar graph={graph} onMatch={onMatch} />}
      {trace === undefined ? null : <TraceBanner highlight={trace} />}
      {body}
    </div>
  );
}
