/**
 * One row of the trace timeline: the span's service and operation indented by depth, with a
 * collapse/expand button when it has children; its bar on the trace's time axis, outlined in the
 * failure colour for an error span, with its critical-path parts darkened.
 */
import type { TraceSpan } from '@meshlens/mesh-core/traces';
import { formatDurationUs } from '@meshlens/mesh-core/traces';
import type { CSSProperties } from 'react';
import { memo } from 'react';
import { percent } from './format.ts';

const INDENT_PX = 14;

export interface TimelineRowProps {
  readonly span: TraceSpan;
  readonly rowIndex: number;
  readonly traceDurationUs: number;
  readonly color: string | undefined;
  readonly collapsed: boolean;
  readonly selected: boolean;
  readonly showCriticalPath: boolean;
  /** From the top of the scrolled content (the row is absolutely placed: virtualised). */
  readonly offsetPx: number;
  readonly onToggle: (spanID: string) => void;
  readonly onSelect: (spanID: string) => void;
}

function TimelineRowImpl(props: TimelineRowProps) {
  const { span, traceDurationUs: total } = props;
  const scale = total > 0 ? total : 1;
  const left = span.relativeStartUs / scale;
  const width = span.durationUs / scale;
  const onPath = span.criticalPath.length > 0;
  const name = `${span.serviceName} ${span.operationName}`;
  const barDescription = [
    `${formatDurationUs(span.durationUs)} from ${formatDurationUs(span.relativeStartUs)}`,
    props.showCriticalPath && onPath ? 'on the critical path' : undefined,
    span.isError ? 'error' : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
  // The label sits right of the bar; left of it when the bar ends near the axis's end; inside it
  // when the bar spans nearly the whole axis.
  const end = left + width;
  const labelStyle: CSSProperties =
    end <= 0.8
      ? { left: percent(end) }
      : left >= 0.15
        ? { right: percent(1 - left) }
        : { right: percent(1 - end) };
  const labelClass = end > 0.8 && left < 0.15 ? 'trace-bar-label trace-bar-label-inside' : 'trace-bar-label';
  return (
    <div
      role="row"
      aria-rowindex={props.rowIndex}
      aria-selected={props.selected}
      className="trace-row"
      style={{ transform: `translateY(${props.offsetPx}px)` }}
      data-span-id={span.spanID}
    >
      <div role="cell" className="trace-name-cell" style={{ paddingLeft: 4 + span.depth * INDENT_PX }}>
        {span.hasChildren ? (
          <button
            type="button"
            className="trace-toggle"
            aria-expanded={!props.collapsed}
            aria-label={`${props.collapsed ? 'Expand' : 'Collapse'} ${name} (${span.descendantCount} span${span.descendantCount === 1 ? '' : 's'} under it)`}
            onClick={() => {
              props.onToggle(span.spanID);
            }}
          >
            <span aria-hidden="true">{props.collapsed ? '▸' : '▾'}</span>
          </button>
        ) : (
          <span className="trace-toggle-spacer" />
        )}
        <button
          type="button"
          className="trace-select"
          aria-pressed={props.selected}
          title={`${name} — ${formatDurationUs(span.durationUs)}`}
          onClick={() => {
            props.onSelect(span.spanID);
          }}
        >
          <span className="trace-swatch" style={{ background: props.color }} aria-hidden="true" />
          {span.isError ? (
            <>
              <span className="trace-error-icon" role="img" aria-label="Error">
                !
              </span>{' '}
            </>
          ) : null}
          <span>{span.serviceName}</span> <span className="trace-op">{span.operationName}</span>
        </button>
      </div>
      <div role="cell" className="trace-bar-cell">
        <div
          className={span.isError ? 'trace-bar trace-bar-error' : 'trace-bar'}
          style={{ left: percent(left), width: percent(width), background: props.color }}
        >
          {props.showCriticalPath
            ? span.criticalPath.map((seg) => (
                <div
                  key={seg.startUs}
                  className="trace-bar-critical"
                  style={{
                    left: percent(span.durationUs > 0 ? (seg.startUs - span.startUs) / span.durationUs : 0),
                    width: percent(span.durationUs > 0 ? (seg.endUs - seg.startUs) / span.durationUs : 1),
                  }}
                />
              ))
            : null}
        </div>
        <span className={labelClass} style={labelStyle} aria-hidden="true">
          {formatDurationUs(span.durationUs)}
        </span>
        <span className="visually-hidden">{barDescription}</span>
      </div>
    </div>
  );
}

/** Rows re-render only when their own props change: scrolling 5,000 spans stays cheap. */
export const TimelineRow = memo(TimelineRowImpl);
