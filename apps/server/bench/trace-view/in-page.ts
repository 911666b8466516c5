/**
 * What `bench:trace-view` injects into the console page before its scripts run (as text: it runs
 * in the browser), and the zod schemas of what it reads back.
 *
 * - `renderedAt`: the page's own `performance.mark('meshlens:trace-rendered')` (set by the trace
 *   timeline in the frame after the first frame with rows), ms since navigation start;
 * - `seenAt`: the bench's own check, for consoles without the mark: the first animation frame in
 *   which the "Trace summary" region and a row of the "Trace timeline" table are in the document,
 *   taken at the next frame (that frame has been presented by then);
 * - `toggle(label)`: clicks the toolbar button with that text and returns the time until the frame
 *   after the change was presented, and the rows then in the DOM;
 * - `scroll(frames, stepPx)`: scrolls the timeline by `stepPx` each frame and returns the frame
 *   intervals (requestAnimationFrame) meanwhile.
 */
import { z } from 'zod';

export const pageStateSchema = z.object({
  renderedAt: z.number().nullable(),
  seenAt: z.number().nullable(),
  rows: z.number(),
  rowCount: z.number(),
  /** The trace's request (`GET /api/traces/{id}`): sent and fully received, ms since navigation. */
  apiSentAt: z.number().nullable(),
  apiReceivedAt: z.number().nullable(),
  usedJsHeapBytes: z.number().nullable(),
});
export type PageState = z.infer<typeof pageStateSchema>;

export const toggleResultSchema = z.object({ ms: z.number(), rows: z.number(), rowCount: z.number() });
export const framesSchema = z.array(z.number());

export const IN_PAGE_SCRIPT = String.raw`
(() => {
  const TIMELINE = '[role="table"][aria-label="Trace timeline"]';
  const state = { seenAt: null };
  const timeline = () => document.querySelector(TIMELINE);
  const rowsOf = (t) => (t ? t.querySelectorAll('[role="row"]').length - 1 : 0);
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const watch = () => {
    if (state.seenAt !== null) return;
    const drawn = document.querySelector('[aria-label="Trace summary"]') && rowsOf(timeline()) > 0;
    if (drawn) requestAnimationFrame(() => { state.seenAt = performance.now(); });
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  window.__traceViewBench = {
    read() {
      const mark = performance.getEntriesByName('meshlens:trace-rendered')[0];
      const t = timeline();
      const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/traces/'));
      return {
        apiSentAt: api ? api.startTime : null,
        apiReceivedAt: api ? api.responseEnd : null,
        renderedAt: mark ? mark.startTime : null,
        seenAt: state.seenAt,
        rows: rowsOf(t),
        rowCount: t ? Number(t.getAttribute('aria-rowcount') || 0) - 1 : 0,
        usedJsHeapBytes: performance.memory ? performance.memory.usedJSHeapSize : null,
      };
    },
    async toggle(label) {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label);
      if (!button) throw new Error('no button ' + label);
      await nextFrame();
      const started = performance.now();
      button.click();
      await nextFrame();
      const t = timeline();
      return {
        ms: performance.now() - started,
        rows: rowsOf(t),
        rowCount: t ? Number(t.getAttribute('aria-rowcount') || 0) - 1 : 0,
      };
    },
    async scroll(frames, stepPx) {
      const body = timeline().querySelector('[role="rowgroup"]:last-child');
      const intervals = [];
      let last = await new Promise((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < frames; i++) {
        body.scrollTop += stepPx;
        const now = await new Promise((resolve) => requestAnimationFrame(resolve));
        intervals.push(now - last);
        last = now;
      }
      return intervals;
    },
  };
})();
`;
