// @vitest-environment jsdom
import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { parseAccessLogJson } from '@meshlens/mesh-core/api/logs';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { LogsTab } from './index.ts';

/*
 * jsdom lays nothing out: give the list a 200px viewport and each row 20px, and let `scrollTo`
 * move the list, so that the virtualised list shows the rows a browser would.
 */
const VIEWPORT_PX = 200;
const ROW_PX = 20;
const isLog = (el: Element) => el.getAttribute('role') === 'log';
const descriptors: [string, PropertyDescriptor | undefined][] = [];
function stubLayout(): void {
  const define = (name: string, get: (this: HTMLElement) => number) => {
    descriptors.push([name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)]);
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get });
  };
  descriptors.push(['scrollTo', Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollTo')]);
  define('clientHeight', function () {
    return isLog(this) ? VIEWPORT_PX : 0;
  });
  define('clientWidth', function () {
    return isLog(this) ? 800 : 0;
  });
  define('offsetHeight', function () {
    return this.getAttribute('role') === 'listitem' ? ROW_PX : 0;
  });
  define('scrollHeight', function () {
    const inner = this.firstElementChild;
    return isLog(this) && inner instanceof HTMLElement ? parseFloat(inner.style.height) || 0 : 0;
  });
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, o?: ScrollToOptions | number) {
    const top = typeof o === 'object' ? (o.top ?? 0) : 0;
    this.scrollTop = Math.max(0, Math.min(top, this.scrollHeight - this.clientHeight));
    this.dispatchEvent(new Event('scroll'));
  };
}

beforeEach(stubLayout);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  for (const [name, d] of descriptors.splice(0)) {
    if (d === undefined) Reflect.deleteProperty(HTMLElement.prototype, name);
    else Object.defineProperty(HTMLElement.prototype, name, d);
  }
});

const T0 = Date.UTC(2026, 10, 30, 23, 36, 44, 0);
const entry = (ms: number, message: string, over: Partial<LogEntryJson> = {}): LogEntryJson => ({
  message,
  severity: 'INFO',
  timestamp: new Date(ms).toISOString().replace('T', ' ').slice(0, 23),
  timestampUnix: ms,
  pod: 'reviews-v1-0',
  container: 'reviews',
  stream: 'stdout',
  ...over,
});
function accessLine(ms: number, path: string, status: string, upstream: string, pod = 'reviews-v1-0') {
  const at = new Date(ms).toISOString();
  const message =
    `[${at}] "GET ${path} HTTP/1.1" ${status} - via_upstream - "-" 0 295 3 2 "-" "-" "r-${ms}" ` +
    `"ratings:9080" "127.0.0.1:9080" ${upstream} 127.0.0.1:1 127.0.0.1:2 127.0.0.1:3 - default`;
  const accessLog = parseAccessLogJson(message);
  if (accessLog === undefined) throw new Error('not an access-log line');
  return entry(ms, message, { container: 'istio-proxy', pod, accessLog });
}

const LOGS_PATH = '/api/namespaces/bookinfo/workloads/reviews-v1/logs';
const MIXED = [
  entry(T0, 'started reviews on :9080'),
  accessLine(T0 + 10, '/ratings/0', '200', 'outbound|9080||ratings.bookinfo.svc.cluster.local'),
  entry(T0 + 20, 'GET /reviews/0 200 3ms'),
  accessLine(T0 + 30, '/ratings/1', '503', 'outbound|9080||ratings.bookinfo.svc.cluster.local'),
  entry(T0 + 40, 'WARN slow answer from ratings', { severity: 'WARN' }),
];

function renderTab(url = '/w', followPollMs?: number) {
  return renderRoute(
    [
      {
        path: '/w',
        element: (
          <LogsTab
            namespace="bookinfo"
            workload="reviews-v1"
            {...(followPollMs === undefined ? {} : { followPollMs })}
          />
        ),
      },
    ],
    url,
  );
}

const rowTexts = async () =>
  within(await screen.findByRole('log', { name: 'Log lines' }))
    .getAllByRole('listitem')
    .map((r) => r.textContent);

describe('LogsTab', () => {
  it('shows app output and the proxy access log interleaved by time, each with its container', async () => {
    const calls = mockApi({ [LOGS_PATH]: { body: { entries: MIXED } } });
    renderTab('/w?duration=300');
    const rows = await rowTexts();
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain('started reviews on :9080');
    expect(rows[1]).toContain('istio-proxy');
    expect(rows[1]).toContain('GET /ratings/0200');
    expect(rows[1]).toContain('→ outbound|9080||ratings.bookinfo.svc.cluster.local');
    expect(rows[2]).toContain('reviewsINFOGET /reviews/0 200 3ms');
    expect(rows[3]).toContain('GET /ratings/1503');
    expect(rows[4]).toContain('WARNWARN slow answer');
    // The shared time range is asked for.
    const since = Number(calls[0]?.searchParams.get('sinceTime'));
    expect(Math.floor(Date.now() / 1000) - since).toBeGreaterThanOrEqual(300);
    expect(Math.floor(Date.now() / 1000) - since).toBeLessThan(310);
  });

  it('hides and shows the proxy lines', async () => {
    mockApi({ [LOGS_PATH]: { body: { entries: MIXED } } });
    const view = renderTab();
    await rowTexts();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show proxy access log' }));
    const rows = await rowTexts();
    expect(rows).toHaveLength(3);
    expect(rows.some((r) => r.includes('istio-proxy'))).toBe(false);
    expect(view.search().get('logProxy')).toBe('false');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show proxy access log' }));
    expect(await rowTexts()).toHaveLength(5);
  });

  it('filters to the matching lines, but highlights in every line', async () => {
    mockApi({ [LOGS_PATH]: { body: { entries: MIXED } } });
    renderTab();
    await rowTexts();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'RATINGS/1' } });
    expect(await rowTexts()).toEqual([expect.stringContaining('GET /ratings/1')]);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Highlight' }), { target: { value: 'Ratings' } });
    const log = screen.getByRole('log', { name: 'Log lines' });
    await waitFor(() => {
      expect(within(log).getAllByRole('listitem')).toHaveLength(5);
    });
    const marks = log.querySelectorAll('mark');
    expect(marks.length).toBeGreaterThan(0);
    expect([...marks].every((m) => m.textContent.toLowerCase() === 'ratings')).toBe(true);
    expect(screen.getByText(/3 highlighted/)).toBeDefined();
  });

  it('says which field holds a bad regex and keeps every line', async () => {
    mockApi({ [LOGS_PATH]: { body: { entries: MIXED } } });
    renderTab();
    await rowTexts();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Filter as regex' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'ratings/(' } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Filter: "ratings/(" is not a valid regular expression (Unterminated group)',
    );
    expect(screen.getByRole('searchbox', { name: 'Filter' }).getAttribute('aria-invalid')).toBe('true');
    expect(await rowTexts()).toHaveLength(5);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'ratings/\\d' } });
    expect(await rowTexts()).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('chooses one pod when the workload has several', async () => {
    mockApi({
      [LOGS_PATH]: {
        body: {
          entries: [
            entry(T0, 'from pod 0'),
            entry(T0 + 1, 'from pod 1', { pod: 'reviews-v1-1' }),
            accessLine(T0 + 2, '/x', '200', 'inbound|9080||', 'reviews-v1-1'),
          ],
        },
      },
    });
    renderTab();
    await rowTexts();
    fireEvent.change(screen.getByRole('combobox', { name: 'Pod' }), { target: { value: 'reviews-v1-1' } });
    const rows = await rowTexts();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.includes('reviews-v1-1'))).toBe(true);
  });

  it('follows: appends the new lines asked since the newest, keeps them in view, pauses on scroll up', async () => {
    const first = Array.from({ length: 50 }, (_, i) => entry(T0 + i * 1000, `line ${i}`));
    const newest = first[49];
    if (newest === undefined) throw new Error('no lines');
    const calls = mockApi({
      [LOGS_PATH]: (url) => ({
        body: {
          // A poll repeats the lines of the newest line's second, then the new ones.
          entries:
            url.searchParams.get('sinceTime') === String(Math.floor(newest.timestampUnix / 1000))
              ? [newest, entry(newest.timestampUnix + 500, 'line 50, new')]
              : first,
        },
      }),
    });
    renderTab('/w?logFollow=true', 20);
    const log = await screen.findByRole('log', { name: 'Log lines' });
    expect(await within(log).findByText('line 50, new')).toBeDefined();
    // Kept at the bottom: the newest lines are in view, the first ones are not rendered.
    expect(within(log).queryByText('line 0')).toBeNull();
    expect(within(log).getAllByText('line 49')).toHaveLength(1);
    expect(calls.length).toBeGreaterThanOrEqual(2);

    // The user scrolls up: follow pauses, and a button resumes it.
    fireEvent.wheel(log, { deltaY: -400 });
    log.scrollTop = 0;
    fireEvent.scroll(log);
    expect(await screen.findByText(/Follow paused/)).toBeDefined();
    expect(await within(log).findByText('line 0')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Resume following' }));
    await waitFor(() => {
      expect(within(log).queryByText('line 0')).toBeNull();
    });
    expect(within(log).getByText('line 50, new')).toBeDefined();
  });
});
