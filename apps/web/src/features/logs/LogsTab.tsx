/**
 * A workload's Logs tab, like Kiali's: the app's output and the proxy's access log of its pods,
 * interleaved by time in one list, over the shared time range. The pod, the kinds of lines, the
 * tail limit, a filter (only matching lines) and a highlight (every line, matches marked) narrow
 * what is shown; follow polls for new lines and keeps the newest in view until the user scrolls up.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { DURATIONS, useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState, LoadingState } from '../../components/QueryStates.tsx';
import '../../components/console-ui.css';
import { LogActions } from './LogActions.tsx';
import { LogList } from './LogList.tsx';
import { LogsToolbar } from './LogsToolbar.tsx';
import { podsOf, shownEntries } from './log-lines.ts';
import './logs.css';
import { workloadLogsQuery } from './queries.ts';
import { compileMatcher } from './text-match.ts';
import { useLogsView } from './url.ts';

/** How often follow asks for new lines. */
export const FOLLOW_POLL_MS = 2_000;

export interface LogsTabProps {
  readonly namespace: string;
  readonly workload: string;
  /** Follow's poll interval (tests shorten it). */
  readonly followPollMs?: number;
}

export function LogsTab(props: LogsTabProps) {
  const { namespace, workload } = props;
  const view = useLogsView();
  const { durationSec, refreshMs } = useSharedState();
  // Set when the user scrolls up while following; follow stays chosen but stops polling.
  const [paused, setPaused] = useState(false);
  const following = view.follow && !paused;
  const query = useQuery({
    ...workloadLogsQuery({ namespace, workload, durationSec }, { follow: view.follow }),
    refetchInterval: following
      ? (props.followPollMs ?? FOLLOW_POLL_MS)
      : view.follow
        ? false
        : refreshMs || false,
  });
  const all = query.data?.entries;
  const pods = useMemo(() => {
    const seen = podsOf(all ?? []);
    return view.pod === undefined || seen.includes(view.pod) ? seen : [...seen, view.pod].sort();
  }, [all, view.pod]);
  const filter = useMemo(
    () => compileMatcher({ field: 'Filter', pattern: view.filter, regex: view.filterRegex }),
    [view.filter, view.filterRegex],
  );
  const highlight = useMemo(
    () => compileMatcher({ field: 'Highlight', pattern: view.highlight, regex: view.highlightRegex }),
    [view.highlight, view.highlightRegex],
  );
  const shown = useMemo(() => {
    const chosen = shownEntries(all ?? [], {
      pod: view.pod,
      showApp: view.showApp,
      showProxy: view.showProxy,
      tail: view.tail,
    });
    const m = filter.ok ? filter.matcher : undefined;
    return m === undefined ? chosen : chosen.filter((e) => m.test(e.message));
  }, [all, view.pod, view.showApp, view.showProxy, view.tail, filter]);
  const highlighter = highlight.ok ? highlight.matcher : undefined;
  const marked = useMemo(
    () => (highlighter === undefined ? 0 : shown.filter((e) => highlighter.test(e.message)).length),
    [shown, highlighter],
  );
  const rangeLabel =
    DURATIONS.find((d) => d.seconds === durationSec)?.label.toLowerCase() ?? `last ${durationSec}s`;

  return (
    <section className="logs-tab" aria-label="Logs">
      <LogsToolbar
        view={view}
        set={(key, value) => {
          // Only when set: a state update beside the URL's would hold the checkbox back a render.
          if (key === 'follow' && paused) setPaused(false);
          view.set(key, value);
        }}
        pods={pods}
        filterError={filter.ok ? undefined : filter.error}
        highlightError={highlight.ok ? undefined : highlight.error}
        actions={<LogActions lines={shown} fileName={`${namespace}-${workload}-logs.txt`} />}
      />
      <p className="muted log-summary" aria-live="polite">
        {all === undefined
          ? null
          : `${shown.length} of ${all.length} lines, ${rangeLabel}${highlighter === undefined ? '' : `; ${marked} highlighted`}.`}
        {view.follow && !paused ? <span className="log-following"> Following…</span> : null}
        {view.follow && paused ? (
          <span className="log-paused">
            {' '}
            Follow paused.{' '}
            <button
              type="button"
              onClick={() => {
                setPaused(false);
                void query.refetch();
              }}
            >
              Resume following
            </button>
          </span>
        ) : null}
      </p>
      {query.isPending ? (
        <LoadingState what="the logs" />
      ) : query.isError ? (
        <ErrorState error={query.error} what="the logs" />
      ) : shown.length === 0 ? (
        <EmptyState title="No log lines">
          <p>
            {all?.length === 0
              ? `The pods of ${workload} wrote nothing in the ${rangeLabel}. Choose a longer time range.`
              : 'No line matches the pod, the kinds of lines shown and the filter. Change them to see more.'}
          </p>
        </EmptyState>
      ) : (
        <LogList
          lines={shown}
          highlight={highlighter}
          stickToBottom={following}
          onUserScrollUp={() => {
            if (following) setPaused(true);
          }}
        />
      )}
    </section>
  );
}
