/**
 * One log line: its time, pod, container (the app's or the proxy's, each with its own mark),
 * severity and message; an access-log line also shows its request, status, duration and
 * upstream before the line as the proxy printed it.
 */
import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import type { CSSProperties, Ref } from 'react';
import { Highlighted } from './Highlighted.tsx';
import { accessSummary, lineKind } from './log-lines.ts';
import type { TextMatcher } from './text-match.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time of day to the millisecond: the range is at most a day, the tooltip has the date. */
function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function statusTone(status: string): string {
  if (/^5/.test(status) || status === '0') return 'tone-failure';
  if (/^4/.test(status)) return 'tone-degraded';
  return 'tone-healthy';
}

export function LogLineRow(props: {
  readonly entry: LogEntryJson;
  readonly highlight: TextMatcher | undefined;
  readonly index: number;
  readonly style: CSSProperties;
  readonly ref: Ref<HTMLDivElement>;
}) {
  const { entry: e, highlight } = props;
  const kind = lineKind(e);
  const access = e.accessLog === undefined ? undefined : accessSummary(e.accessLog);
  return (
    <div
      ref={props.ref}
      role="listitem"
      data-index={props.index}
      className={`log-line log-line-${kind}`}
      style={props.style}
      data-kind={kind}
    >
      <time
        className="log-time"
        dateTime={new Date(e.timestampUnix).toISOString()}
        title={`${e.timestamp} UTC`}
      >
        {timeOfDay(e.timestampUnix)}
      </time>
      <span className="log-pod">{e.pod}</span>
      <span className={`log-mark log-mark-${kind}`} title={kind === 'proxy' ? 'Proxy' : 'App'}>
        <span aria-hidden="true">{kind === 'proxy' ? '◆ ' : '▍'}</span>
        {e.container}
      </span>
      <span className={`log-sev log-sev-${e.severity.toLowerCase()}`}>{e.severity}</span>
      <span className="log-msg">
        {access === undefined ? null : (
          <span className="log-access">
            <span className="log-access-request">
              <Highlighted text={access.request} matcher={highlight} />
            </span>
            <span className={statusTone(access.status)}>
              <Highlighted text={access.status} matcher={highlight} />
            </span>
            <span>{access.duration}</span>
            <span className="log-access-upstream" title="Upstream cluster">
              → <Highlighted text={access.upstream} matcher={highlight} />
            </span>
            {access.flags === undefined ? null : (
              <span className="chip chip-warn" title="Response flags">
                {access.flags}
              </span>
            )}
          </span>
        )}
        <span {...(access === undefined ? {} : { className: 'log-raw', title: e.message })}>
          <Highlighted text={e.message} matcher={highlight} />
        </span>
      </span>
    </div>
  );
}
