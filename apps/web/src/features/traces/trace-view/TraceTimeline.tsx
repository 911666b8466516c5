/**
 * The trace timeline, Jaeger's: a table labelled "Trace timeline" with one row per visible span
 * (tree order, collapsed subtrees hidden) and the trace's time axis in its header. Rows are
 * virtualised (@tanstack/react-virtual): only those in view and a few around exist in the DOM, so
 * a 5,000-span trace scrolls as smoothly as a small one. After the first frame that shows rows the
 * page marks `meshlens:trace-rendered` (the trace benchmark measures up to it).
 */
import type { TraceModel } from '@meshlens/mesh-core/traces';
import { visibleSpanIndexes } from '@meshlens/mesh-core/traces';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { percent, timelineTicks } from './format.ts';
import { TimelineRow } from './TimelineRow.tsx';

export const ROW_HEIGHT_PX = 26;
export const TRACE_RENDERED_MARK = 'meshlens:trace-rendered';

export interface TraceTimelineProps {
  readonly model: TraceModel;
  readonly colors: ReadonlyMap<string, string>;
  readonly collapsed: ReadonlySet<string>;
  readonly selectedSpanID: string | undefined;
  readonly showCriticalPath: boolean;
  readonly onToggle: (spanID: string) => void;
  readonly onSelect: (spanID: string) => void;
}

export function TraceTimeline(props: TraceTimelineProps) {
  const { model, collapsed } = props;
  const visible = useMemo(() => visibleSpanIndexes(model.spans, collapsed), [model, collapsed]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const ticks = useMemo(() => timelineTicks(model.durationUs), [model.durationUs]);

  const marked = useRef(false);
  const hasRows = items.length > 0;
  useEffect(() => {
    if (!hasRows || marked.current) return;
    marked.current = true;
    // The callback runs as the next frame starts: the frame with the first rows has been presented.
    requestAnimationFrame(() => performance.mark(TRACE_RENDERED_MARK));
  }, [hasRows]);

  // A span selected from the URL or the details' references is scrolled into view.
  const selectedRow =
    props.selectedSpanID === undefined
      ? -1
      : visible.findIndex((i) => model.spans[i]?.spanID === props.selectedSpanID);
  useEffect(() => {
    if (selectedRow >= 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, virtualizer]);

  return (
    <div
      role="table"
      aria-label="Trace timeline"
      aria-rowcount={visible.length + 1}
      className="trace-timeline"
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="trace-row trace-row-head">
          <div role="columnheader" className="trace-name-cell">
            Service &amp; Operation
          </div>
          <div role="columnheader" className="trace-ticks">
            <span className="visually-hidden">Timeline</span>
            {ticks.map((t) => (
              <span key={t.fraction} className="trace-tick" style={{ left: percent(t.fraction) }}>
                {t.label}
              </span>
            ))}
          </div>
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="trace-timeline-body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const span = model.spans[visible[item.index] ?? -1];
            if (span === undefined) return null;
            return (
              <TimelineRow
                key={span.spanID}
                span={span}
                rowIndex={item.index + 2}
                offsetPx={item.start}
                traceDurationUs={model.durationUs}
                color={props.colors.get(span.serviceName)}
                collapsed={collapsed.has(span.spanID)}
                selected={span.spanID === props.selectedSpanID}
                showCriticalPath={props.showCriticalPath}
                onToggle={props.onToggle}
                onSelect={props.onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
