/**
 * What `bench:ui` injects into the console page before any of its scripts run (as text: it runs in
 * the browser, not in Node), and the zod schema of what it records on `window.__uiBench`.
 *
 * Milestones, in ms since navigation start (`performance.now()` of the page):
 * - `listAt`: the accessible list's Edges table (`table[aria-label="Edges"]`) has its first row;
 * - `paintedAt`: the graph page's own `window.__meshlensGraphReady` when it sets one (the first
 *   frame after its first layout: no cytoscape internals needed); until then, as a fallback for
 *   consoles without the hook, the first frame cytoscape drew with the graph's nodes (its renderer's `render`,
 *   found through the container's cytoscape registry: the WebGL renderer emits no `render` event
 *   and its canvas cannot be read back), or the first frame in which a 2D canvas of the graph (inside the
 *   `role="img"` element labelled "Traffic graph…") has drawn pixels, whichever comes first;
 * - `tapAt`: when the browser presented the frame after the first tap on the canvas (Event
 *   Timing API: the click's `startTime + duration`), recorded when the bench taps right after it
 *   saw `paintedAt`;
 * - `hookAt`: the graph page's own `window.__meshlensGraphReady` timestamp, when it sets one.
 * `frames` is a requestAnimationFrame sampler's frame intervals, recorded while `sampling` is on.
 */
import { z } from 'zod';

export const inPageResultSchema = z.object({
  listAt: z.number().nullable(),
  edgeRows: z.number(),
  paintedAt: z.number().nullable(),
  tapAt: z.number().nullable(),
  hookAt: z.number().nullable(),
  frames: z.array(z.number()),
  usedJsHeapBytes: z.number().nullable(),
});

export type InPageResult = z.infer<typeof inPageResultSchema>;

export const IN_PAGE_SCRIPT = String.raw`
(() => {
  const state = {
    listAt: null, edgeRows: 0, paintedAt: null, tapAt: null, hookAt: null,
    frames: [], sampling: false, usedJsHeapBytes: null,
  };
  window.__uiBench = state;
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const probeCtx = probe.getContext('2d', { willReadFrequently: true });
  const graphCanvases = () => {
    const box = document.querySelector('[role="img"][aria-label^="Traffic graph"]');
    return box ? [...box.querySelectorAll('canvas')] : [];
  };
  const painted = () => {
    for (const c of graphCanvases()) {
      if (c.width === 0 || c.height === 0) continue;
      probeCtx.clearRect(0, 0, 64, 64);
      probeCtx.drawImage(c, 0, 0, 64, 64);
      const data = probeCtx.getImageData(0, 0, 64, 64).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    }
    return false;
  };
  const container = () => document.querySelector('[role="img"][aria-label^="Traffic graph"] .__________cytoscape_container');
  const cyOf = () => {
    const el = container();
    return el && el._cyreg ? el._cyreg.cy : undefined;
  };
  let hooked;
  const hook = () => {
    const cy = cyOf();
    if (!cy || cy === hooked) return;
    hooked = cy;
    const drew = () => {
      if (state.paintedAt === null && cy.nodes().length > 0) state.paintedAt = performance.now();
    };
    // The WebGL renderer emits no 'render' event: its render function is wrapped instead (hooked
    // in the frame after the instance appears, before cytoscape's first draw of that frame).
    const renderer = typeof cy.renderer === 'function' ? cy.renderer() : undefined;
    if (renderer && typeof renderer.render === 'function') {
      const render = renderer.render;
      renderer.render = function (...args) {
        const out = render.apply(this, args);
        drew();
        return out;
      };
    }
    cy.on('render', drew);
  };
  /** Where to tap: the middle of a leaf node (a box would only be panned), in page coordinates. */
  window.__uiBenchTapPoint = () => {
    const cy = cyOf();
    const el = container();
    if (!cy || !el) return null;
    const r = el.getBoundingClientRect();
    const inside = cy.nodes().filter((n) => !n.isParent()).filter((n) => {
      const p = n.renderedPosition();
      return p.x > 0 && p.y > 0 && p.x < r.width && p.y < r.height;
    });
    if (inside.length === 0) return null;
    const p = inside[0].renderedPosition();
    return { x: r.left + p.x, y: r.top + p.y };
  };
  let last = null;
  const frame = (t) => {
    hook();
    if (state.listAt === null) {
      const rows = document.querySelectorAll('table[aria-label="Edges"] tbody tr').length;
      if (rows > 0) { state.listAt = performance.now(); state.edgeRows = rows; }
    }
    if (state.paintedAt === null && !hooked && painted()) {
      state.paintedAt = performance.now();
    }
    if (state.hookAt === null && typeof window.__meshlensGraphReady === 'number') {
      state.hookAt = window.__meshlensGraphReady;
      // The page's own word wins over the fallbacks' guesses.
      state.paintedAt = state.hookAt;
    }
    if (state.sampling && last !== null) state.frames.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The tap is the page's first input: 'first-input' reports it whatever its duration ('event'
  // entries only from 16 ms on).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (state.tapAt === null && state.paintedAt !== null) state.tapAt = e.startTime + e.duration;
    }
  }).observe({ type: 'first-input', buffered: true });
  window.__uiBenchRead = () => {
    const memory = performance.memory;
    state.usedJsHeapBytes = memory ? memory.usedJSHeapSize : null;
    state.edgeRows = Math.max(state.edgeRows, document.querySelectorAll('table[aria-label="Edges"] tbody tr').length);
    const { sampling, ...out } = state;
    return out;
  };
})();
`;
