/**
 * Traffic animation: dots travelling along the edges, drawn on a `<canvas>` laid over cytoscape.
 * Each edge spawns dots at an interval that shrinks as its request rate grows (more traffic,
 * denser dots), each dot takes longer to travel the slower the edge answers (its response
 * time), and a dot is red with the probability of the edge's error rate. Dots follow the edge's
 * curve as a quadratic Bézier through its midpoint. The maths is pure and tested; the loop runs
 * on requestAnimationFrame and stops when turned off or while the page is hidden.
 */
import type { Core } from 'cytoscape';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface EdgeFlow {
  readonly id: string;
  /** Requests (or bytes, for TCP) per second. */
  readonly rate: number;
  readonly percentErr: number;
  readonly responseTimeMs: number;
}

export interface Dot {
  readonly edgeId: string;
  readonly bornMs: number;
  readonly travelMs: number;
  readonly error: boolean;
}

export interface AnimationState {
  readonly dots: readonly Dot[];
  /** When each edge spawns its next dot. */
  readonly nextSpawnMs: ReadonlyMap<string, number>;
}

export const EMPTY_ANIMATION: AnimationState = { dots: [], nextSpawnMs: new Map() };

const MIN_INTERVAL_MS = 60;
const MAX_INTERVAL_MS = 2500;
const BASE_TRAVEL_MS = 700;
const MAX_TRAVEL_MS = 5000;
/** Dots a single edge may spawn in one frame (after the tab was in the background, say). */
const MAX_SPAWNS_PER_FRAME = 3;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Milliseconds between two dots on an edge: one per request, within readable bounds. */
export function spawnIntervalMs(rate: number): number {
  if (!(rate > 0)) return Number.POSITIVE_INFINITY;
  return clamp(1000 / rate, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
}

/** How long a dot takes to cross an edge: longer for slower edges, on a log scale. */
export function travelTimeMs(responseTimeMs: number): number {
  const rt = responseTimeMs > 0 ? responseTimeMs : 0;
  return clamp(BASE_TRAVEL_MS * (1 + Math.log10(1 + rt)), BASE_TRAVEL_MS, MAX_TRAVEL_MS);
}

export function isErrorDot(percentErr: number, random: () => number): boolean {
  return percentErr > 0 && random() * 100 < percentErr;
}

/** The point at `t` (0..1) on the quadratic Bézier from `a` to `b` passing through `mid` at t=0.5. */
export function pointOnEdge(a: Point, mid: Point, b: Point, t: number): Point {
  const c = { x: 2 * mid.x - (a.x + b.x) / 2, y: 2 * mid.y - (a.y + b.y) / 2 };
  const u = 1 - t;
  return {
    x: u * u * a.x + 2 * u * t * c.x + t * t * b.x,
    y: u * u * a.y + 2 * u * t * c.y + t * t * b.y,
  };
}

export function dotProgress(dot: Dot, nowMs: number): number {
  return (nowMs - dot.bornMs) / dot.travelMs;
}

/** The state at `nowMs`: arrived dots and dots of vanished edges dropped, new dots spawned. */
export function advance(
  state: AnimationState,
  flows: readonly EdgeFlow[],
  nowMs: number,
  random: () => number,
): AnimationState {
  const live = new Set(flows.map((f) => f.id));
  const dots = state.dots.filter((d) => live.has(d.edgeId) && dotProgress(d, nowMs) < 1);
  const nextSpawnMs = new Map<string, number>();
  for (const flow of flows) {
    const interval = spawnIntervalMs(flow.rate);
    if (!Number.isFinite(interval)) continue;
    // A new edge starts at a random phase so that edges do not pulse in step.
    let next = state.nextSpawnMs.get(flow.id) ?? nowMs + random() * interval;
    let spawned = 0;
    while (next <= nowMs && spawned < MAX_SPAWNS_PER_FRAME) {
      dots.push({
        edgeId: flow.id,
        bornMs: next,
        travelMs: travelTimeMs(flow.responseTimeMs),
        error: isErrorDot(flow.percentErr, random),
      });
      next += interval;
      spawned++;
    }
    nextSpawnMs.set(flow.id, next <= nowMs ? nowMs + interval : next);
  }
  return { dots, nextSpawnMs };
}

export interface AnimationColors {
  readonly ok: string;
  readonly error: string;
}

/**
 * Runs the animation on `canvas` (sized to its parent) for the visible edges of `cy`; returns the
 * function that stops it. `flowsOf` is read every frame so that refreshed rates apply at once.
 */
export function startTrafficAnimation(options: {
  readonly cy: Core;
  readonly canvas: HTMLCanvasElement;
  readonly flowsOf: () => readonly EdgeFlow[];
  readonly colors: () => AnimationColors;
}): () => void {
  const { cy, canvas } = options;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return () => undefined;
  let state = EMPTY_ANIMATION;
  let frame: number | undefined;

  const draw = (nowMs: number) => {
    frame = undefined;
    const ratio = window.devicePixelRatio || 1;
    const { clientWidth: w, clientHeight: h } = canvas;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    const visible = new Set(cy.edges(':visible').map((e) => e.id()));
    state = advance(
      state,
      options.flowsOf().filter((f) => visible.has(f.id)),
      nowMs,
      Math.random,
    );
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const zoom = cy.zoom();
    const pan = cy.pan();
    const toScreen = (p: Point): Point => ({ x: p.x * zoom + pan.x, y: p.y * zoom + pan.y });
    const colors = options.colors();
    const radius = clamp(2.5 * zoom, 1.5, 4);
    for (const dot of state.dots) {
      const edge = cy.getElementById(dot.edgeId);
      if (edge.empty()) continue;
      const t = clamp(dotProgress(dot, nowMs), 0, 1);
      const p = toScreen(pointOnEdge(edge.sourceEndpoint(), edge.midpoint(), edge.targetEndpoint(), t));
      ctx.beginPath();
      ctx.fillStyle = dot.error ? colors.error : colors.ok;
      ctx.arc(p.x, p.y, radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    schedule();
  };
  const schedule = () => {
    if (frame === undefined && !document.hidden) frame = requestAnimationFrame(draw);
  };
  const onVisibility = () => {
    if (document.hidden) {
      if (frame !== undefined) cancelAnimationFrame(frame);
      frame = undefined;
      // Dots born before the pause would jump; start afresh when the page is back.
      state = EMPTY_ANIMATION;
    } else {
      schedule();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    if (frame !== undefined) cancelAnimationFrame(frame);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
  };
}
