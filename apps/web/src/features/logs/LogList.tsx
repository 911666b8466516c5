/**
 * The log lines, virtualised (only the rows in view are in the page, so thousands of lines stay
 * fast), each row measured as it renders since long lines wrap. While following it keeps the
 * newest line in view; a scroll up by the user is reported so that follow can pause. Only the
 * user's own gestures count (wheel or keys upward, dragging the scrollbar or a touch that moves
 * the view up): the list's own scrolls to the end also move up at times, when rows measured
 * smaller than estimated shrink the list.
 */
import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { LogLineRow } from './LogLineRow.tsx';
import type { TextMatcher } from './text-match.ts';

/** Within this many pixels of the end counts as at the bottom. */
const BOTTOM_SLACK_PX = 8;
const UPWARD_KEYS: ReadonlySet<string> = new Set(['ArrowUp', 'PageUp', 'Home']);

/** Keys that stay with their line when lines are added or dropped, so row sizes stay with them. */
function rowKeys(lines: readonly LogEntryJson[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((e) => {
    const base = `${e.timestampUnix}|${e.pod}|${e.container}|${e.stream}|${e.message.slice(0, 80)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}|${n}`;
  });
}

export function LogList(props: {
  readonly lines: readonly LogEntryJson[];
  readonly highlight: TextMatcher | undefined;
  /** Keep the newest line in view (follow mode, not paused). */
  readonly stickToBottom: boolean;
  readonly onUserScrollUp: () => void;
}) {
  const { lines, stickToBottom } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const lastTop = useRef(0);
  // True while the user holds the scrollbar or touches the list: its scrolls are then theirs.
  const dragging = useRef(false);
  const endDrag = () => {
    dragging.current = false;
  };
  const keys = useMemo(() => rowKeys(lines), [lines]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 22,
    overscan: 20,
    getItemKey: (i) => keys[i] ?? i,
    // React 19 warns of flushSync from a ref callback (where rows are measured); a render later is fine.
    useFlushSync: false,
  });

  useLayoutEffect(() => {
    if (stickToBottom && lines.length > 0) virtualizer.scrollToEnd();
  }, [stickToBottom, lines, virtualizer]);

  return (
    <div
      ref={scroller}
      className="log-list"
      role="log"
      aria-label="Log lines"
      // The list scrolls, so it must be reachable with the keyboard.
      tabIndex={0}
      onWheel={(e) => {
        if (e.deltaY < 0) props.onUserScrollUp();
      }}
      onKeyDown={(e) => {
        if (UPWARD_KEYS.has(e.key)) props.onUserScrollUp();
      }}
      onPointerDown={(e) => {
        // On the list itself rather than a row: the scrollbar.
        if (e.target === e.currentTarget) dragging.current = true;
      }}
      onPointerUp={endDrag}
      onTouchStart={() => {
        dragging.current = true;
      }}
      onTouchEnd={endDrag}
      onScroll={(e) => {
        const el = e.currentTarget;
        const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
        if (dragging.current && el.scrollTop < lastTop.current && !atBottom) props.onUserScrollUp();
        lastTop.current = el.scrollTop;
      }}
    >
      <div className="log-list-inner" role="list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = lines[item.index];
          return entry === undefined ? null : (
            <LogLineRow
              key={item.key}
              ref={virtualizer.measureElement}
              index={item.index}
              entry={entry}
              highlight={props.highlight}
              style={{ transform: `translateY(${item.start}px)` }}
            />
          );
        })}
      </div>
    </div>
  );
}
