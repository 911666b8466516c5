/**
 * A trace as Jaeger shows it, for any page that has the parsed trace: the summary, the toolbar
 * (collapse all, expand all, critical path), the timeline and the selected span's details.
 * Selection can be held by the caller (the trace page keeps it in the URL) or here.
 */
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { buildTraceModel, collapsibleSpanIDs } from '@meshlens/mesh-core/traces';
import { useCallback, useMemo, useState } from 'react';
import '../../../components/console-ui.css';
import { serviceColors } from './service-colors.ts';
import { SpanDetail } from './SpanDetail.tsx';
import { TraceSummary } from './TraceSummary.tsx';
import { TraceTimeline } from './TraceTimeline.tsx';
import './trace-view.css';

export interface TraceViewProps {
  readonly trace: JaegerTrace;
  /** Warnings from outside the trace, e.g. Jaeger's errors for the query. */
  readonly extraWarnings?: readonly string[];
  /** Controlled selection; without `onSelectSpan` the view keeps its own. */
  readonly selectedSpanID?: string | undefined;
  readonly onSelectSpan?: (spanID: string | undefined) => void;
}

const NOTHING_COLLAPSED: ReadonlySet<string> = new Set();

export function TraceView(props: TraceViewProps) {
  const model = useMemo(() => buildTraceModel(props.trace), [props.trace]);
  const colors = useMemo(() => serviceColors(model), [model]);
  const [ownSelection, setOwnSelection] = useState<string | undefined>();
  const controlled = props.onSelectSpan !== undefined;
  const selectedSpanID = controlled ? props.selectedSpanID : ownSelection;
  const setSelection = props.onSelectSpan ?? setOwnSelection;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(NOTHING_COLLAPSED);
  const [showCriticalPath, setShowCriticalPath] = useState(true);

  const toggle = useCallback((spanID: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(spanID)) next.add(spanID);
      return next;
    });
  }, []);
  const select = useCallback(
    (spanID: string) => {
      setSelection(spanID === selectedSpanID ? undefined : spanID);
    },
    [selectedSpanID, setSelection],
  );
  const selected = selectedSpanID === undefined ? undefined : model.spanById.get(selectedSpanID);
  const collapsible = model.spans.some((s) => s.hasChildren);

  return (
    <div className="trace-view">
      <TraceSummary model={model} colors={colors} extraWarnings={props.extraWarnings ?? []} />
      <div className="trace-toolbar" role="toolbar" aria-label="Timeline controls">
        <button
          type="button"
          disabled={!collapsible}
          onClick={() => {
            setCollapsed(new Set(collapsibleSpanIDs(model.spans)));
          }}
        >
          Collapse all
        </button>
        <button
          type="button"
          disabled={collapsed.size === 0}
          onClick={() => {
            setCollapsed(NOTHING_COLLAPSED);
          }}
        >
          Expand all
        </button>
        <label className="trace-legend">
          <input
            type="checkbox"
            checked={showCriticalPath}
            onChange={(e) => {
              setShowCriticalPath(e.target.checked);
            }}
          />
          <span className="trace-legend-critical" aria-hidden="true" />
          Critical path
        </label>
        <span className="trace-legend">
          <span className="trace-error-icon" aria-hidden="true">
            !
          </span>
          error span
        </span>
      </div>
      <TraceTimeline
        model={model}
        colors={colors}
        collapsed={collapsed}
        selectedSpanID={selectedSpanID}
        showCriticalPath={showCriticalPath}
        onToggle={toggle}
        onSelect={select}
      />
      {selected === undefined ? (
        <p className="muted">Select a span to see its tags, process, logs and references.</p>
      ) : (
        <SpanDetail
          span={selected}
          model={model}
          onSelectSpan={(id) => {
            setSelection(id);
          }}
          onClose={() => {
            setSelection(undefined);
          }}
        />
      )}
    </div>
  );
}
