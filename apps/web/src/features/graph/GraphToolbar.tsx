/**
 * The graph toolbar, after Kiali's: namespaces (namespace graph only), graph type, the Display
 * drop-down (edge labels, what to show, badges), layout, and zoom to fit.
 */
import { GRAPH_TYPES } from '@meshlens/mesh-core/graph';
import { NamespaceSelect } from './NamespaceSelect.tsx';
import type { DisplayFlag, EdgeLabel, GraphUrlPatch, GraphUrlState } from './url.ts';
import {
  DISPLAY_FLAG_NAMES,
  EDGE_LABEL_NAMES,
  EDGE_LABELS,
  GRAPH_TYPE_LABELS,
  LAYOUT_NAMES,
  LAYOUTS,
  RESPONSE_TIME_STAT_NAMES,
  RESPONSE_TIME_STATS,
} from './url.ts';

const SHOW_FLAGS: readonly DisplayFlag[] = [
  'idleEdges',
  'idleNodes',
  'boxNamespace',
  'injectServiceNodes',
  'animation',
];
const BADGE_FLAGS: readonly DisplayFlag[] = ['badgeVS', 'badgeSidecar', 'badgeSecurity'];

export interface GraphToolbarProps {
  readonly state: GraphUrlState;
  readonly update: (patch: GraphUrlPatch) => void;
  readonly showNamespaces: boolean;
  readonly onFit: () => void;
}

function DisplayOptions(props: Pick<GraphToolbarProps, 'state' | 'update'>) {
  const { state, update } = props;
  const toggleLabel = (label: EdgeLabel, on: boolean) => {
    update({ edgeLabels: on ? [...state.edgeLabels, label] : state.edgeLabels.filter((l) => l !== label) });
  };
  const flag = (f: DisplayFlag) => (
    <label key={f} className="graph-check">
      <input
        type="checkbox"
        checked={state.flags[f]}
        onChange={(e) => {
          update({ flags: { [f]: e.target.checked } });
        }}
      />
      {DISPLAY_FLAG_NAMES[f]}
    </label>
  );
  return (
    <details className="graph-dropdown">
      <summary>Display</summary>
      <div className="graph-dropdown-body">
        <fieldset>
          <legend>Edge labels</legend>
          {EDGE_LABELS.map((l) => (
            <div key={l}>
              <label className="graph-check">
                <input
                  type="checkbox"
                  checked={state.edgeLabels.includes(l)}
                  onChange={(e) => {
                    toggleLabel(l, e.target.checked);
                  }}
                />
                {EDGE_LABEL_NAMES[l]}
              </label>
              {l === 'responseTime' && state.edgeLabels.includes('responseTime') ? (
                <div className="graph-sub-options" role="radiogroup" aria-label="Response time statistic">
                  {RESPONSE_TIME_STATS.map((s) => (
                    <label key={s} className="graph-check">
                      <input
                        type="radio"
                        name="responseTimeStat"
                        checked={state.responseTimeStat === s}
                        onChange={() => {
                          update({ responseTimeStat: s });
                        }}
                      />
                      {RESPONSE_TIME_STAT_NAMES[s]}
                    </label>
                  ))}
                </div>
              ) : null}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Show</legend>
          {SHOW_FLAGS.map(flag)}
        </fieldset>
        <fieldset>
          <legend>Show badges</legend>
          {BADGE_FLAGS.map(flag)}
        </fieldset>
      </div>
    </details>
  );
}

export function GraphToolbar(props: GraphToolbarProps) {
  const { state, update } = props;
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph toolbar">
      {props.showNamespaces ? <NamespaceSelect /> : null}
      <label className="toolbar-field">
        <span>Graph type</span>
        <select
          value={state.graphType}
          onChange={(e) => {
            const graphType = GRAPH_TYPES.find((t) => t === e.target.value);
            if (graphType !== undefined) update({ graphType });
          }}
        >
          {GRAPH_TYPES.map((t) => (
            <option key={t} value={t}>
              {GRAPH_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <DisplayOptions state={state} update={update} />
      <label className="toolbar-field">
        <span>Layout</span>
        <select
          value={state.layout}
          onChange={(e) => {
            const layout = LAYOUTS.find((l) => l === e.target.value);
            if (layout !== undefined) update({ layout });
          }}
        >
          {LAYOUTS.map((l) => (
            <option key={l} value={l}>
              {LAYOUT_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onFit}>
        Zoom to fit
      </button>
    </div>
  );
}
