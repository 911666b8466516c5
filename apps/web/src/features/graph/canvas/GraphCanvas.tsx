/**
 * The cytoscape canvas. One cytoscape instance lives as long as the component (recreated only when
 * the graph crosses the big-graph size, whose renderer and hints differ: `renderer.ts`); answers
 * are applied to it in place: a new layout runs only when the set of elements changes, otherwise
 * data and colours are updated and every node stays where it is. Selection, find highlights,
 * hidden elements and a trace's path follow the props.
 *
 * In jsdom (tests) there is no canvas to draw on, so cytoscape runs headless there and the
 * component still renders its container.
 *
 * On the first frame after the first layout, `window.__meshlensGraphReady` gets the page time
 * (`performance.now()`): `bench:ui` reads it as "the graph is drawn".
 */
import type { GraphJson } from '@meshlens/mesh-core/graph';
import type {
  Core,
  CytoscapeOptions,
  ElementDefinition,
  EventObject,
  SingularElementArgument,
} from 'cytoscape';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { Ref } from 'react';
import { useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { edgeMetrics } from '../format.ts';
import type { GraphSelection } from '../selection.ts';
import type { DisplayFlag, EdgeLabel, GraphLayout } from '../url.ts';
import { elementSetKeys, sameElementSet, toCyElements } from './elements.ts';
import { layoutOptions } from './layout.ts';
import { chooseRenderer, isLargeGraph, probeWebgl } from './renderer.ts';
import { FIND_CLASS, HIDDEN_CLASS, TRACE_CLASS, TRACE_DIM_CLASS, graphStylesheet } from './styles.ts';
import type { EdgeFlow } from './traffic-animation.ts';
import { startTrafficAnimation } from './traffic-animation.ts';
import { usePalette } from './use-palette.ts';

// Registering an extension is global to cytoscape and must happen once: at module load.
cytoscape.use(dagre);

declare global {
  interface Window {
    /** When the first laid-out graph was first drawn (`performance.now()`), for benchmarks. */
    __meshlensGraphReady?: number;
  }
}

export interface GraphCanvasHandle {
  readonly fit: () => void;
}

export interface GraphCanvasProps {
  readonly graph: GraphJson;
  readonly edgeLabels: readonly EdgeLabel[];
  readonly flags: Readonly<Record<DisplayFlag, boolean>>;
  readonly layout: GraphLayout;
  readonly multiNamespace: boolean;
  readonly selection: GraphSelection;
  readonly onSelect: (selection: GraphSelection) => void;
  /** Double-click on a node: open its node graph. */
  readonly onOpen: (nodeId: string) => void;
  readonly find: ReadonlySet<string>;
  readonly hide: ReadonlySet<string>;
  /** A trace's path (node and edge ids): highlighted, the rest dimmed; undefined: no trace shown. */
  readonly trace?: ReadonlySet<string> | undefined;
  readonly ref?: Ref<GraphCanvasHandle>;
}

function isJsdom(): boolean {
  return /jsdom/i.test(navigator.userAgent);
}

function createCy(container: HTMLElement | null, options: { headless: boolean; large: boolean }): Core {
  const base: CytoscapeOptions = {
    // A big graph must still fit the panel when zoomed out all the way.
    minZoom: options.large ? 0.02 : 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: false,
    selectionType: 'single',
  };
  if (options.headless || container === null)
    return cytoscape({ ...base, headless: true, styleEnabled: true });
  // Only big graphs probe WebGL: the probe costs a context, and small graphs never use it.
  const choice = chooseRenderer(options.large, options.large ? probeWebgl() : null);
  // Rendering hints are read from the top-level options too (cytoscape core/index.mjs).
  const hints: CytoscapeOptions = {
    textureOnViewport: choice.hints.textureOnViewport,
    hideEdgesOnViewport: choice.hints.hideEdgesOnViewport,
    motionBlur: choice.hints.motionBlur,
    ...(choice.hints.pixelRatio === undefined ? {} : { pixelRatio: choice.hints.pixelRatio }),
  };
  if (choice.webgl) {
    try {
      return cytoscape({ ...base, ...hints, container, webgl: true });
    } catch {
      // The WebGL renderer is experimental: fall back to the 2D canvas without a word.
    }
  }
  return cytoscape({ ...base, ...hints, container });
}

/** Data that cytoscape will not take through `data()` on an existing element. */
const FIXED_DATA = new Set(['id', 'parent', 'source', 'target']);
function updatableData(el: ElementDefinition): Record<string, unknown> {
  return Object.fromEntries(Object.entries(el.data).filter(([k]) => !FIXED_DATA.has(k)));
}

/** The id of an event's element (cytoscape types `target` as `any`). */
function targetId(e: EventObject): string {
  const target = e.target as SingularElementArgument;
  return target.id();
}

export function GraphCanvas(props: GraphCanvasProps) {
  const { graph, edgeLabels, flags, layout, multiNamespace, selection, find, hide, trace } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [headless] = useState(isJsdom);
  const [cy, setCy] = useState<Core | null>(null);
  const keysRef = useRef<ReadonlySet<string>>(new Set());
  const laidOutWith = useRef<GraphLayout | undefined>(undefined);
  const palette = usePalette();
  const large = isLargeGraph(graph.elements.nodes.length);

  // Callbacks and per-frame inputs through refs, so the cytoscape listeners are bound once.
  const onSelectRef = useRef(props.onSelect);
  const onOpenRef = useRef(props.onOpen);
  const layoutRef = useRef(layout);
  const paletteRef = useRef(palette);
  const flowsRef = useRef<readonly EdgeFlow[]>([]);
  const elementsRef = useRef<readonly ElementDefinition[]>([]);
  useEffect(() => {
    onSelectRef.current = props.onSelect;
    onOpenRef.current = props.onOpen;
    layoutRef.current = layout;
    paletteRef.current = palette;
  });

  useEffect(() => {
    const instance = createCy(containerRef.current, { headless, large });
    instance.on('tap', 'node', (e) => {
      onSelectRef.current({ kind: 'node', id: targetId(e) });
    });
    instance.on('tap', 'edge', (e) => {
      onSelectRef.current({ kind: 'edge', id: targetId(e) });
    });
    instance.on('tap', (e) => {
      if (e.target === instance) onSelectRef.current({ kind: 'none' });
    });
    instance.on('dbltap', 'node', (e) => {
      onOpenRef.current(targetId(e));
    });
    const container = containerRef.current;
    const resize =
      typeof ResizeObserver === 'undefined' || container === null
        ? undefined
        : new ResizeObserver(() => {
            instance.resize();
          });
    if (container !== null) resize?.observe(container);
    keysRef.current = new Set();
    laidOutWith.current = undefined;
    setCy(instance);
    return () => {
      resize?.disconnect();
      instance.destroy();
      setCy(null);
    };
  }, [headless, large]);

  useEffect(() => {
    cy?.style(graphStylesheet(palette, { large }));
  }, [cy, palette, large]);

  const elements = useMemo(
    () =>
      toCyElements(graph, {
        graphType: graph.graphType,
        edgeLabels,
        flags: {
          badgeSecurity: flags.badgeSecurity,
          badgeSidecar: flags.badgeSidecar,
          badgeVS: flags.badgeVS,
        },
        palette,
        multiNamespace,
      }),
    [graph, edgeLabels, flags.badgeSecurity, flags.badgeSidecar, flags.badgeVS, palette, multiNamespace],
  );

  useEffect(() => {
    flowsRef.current = graph.elements.edges.map((e) => {
      const m = edgeMetrics(e.data);
      return { id: e.data.id, rate: m.rate, percentErr: m.percentErr, responseTimeMs: m.responseTimeMs };
    });
  }, [graph]);

  useEffect(() => {
    if (cy === null) return;
    elementsRef.current = elements;
    const keys = elementSetKeys(elements);
    if (sameElementSet(keysRef.current, keys)) {
      cy.batch(() => {
        for (const el of elements) cy.getElementById(el.data.id ?? '').data(updatableData(el));
      });
      return;
    }
    keysRef.current = keys;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    if (!headless) {
      cy.layout(layoutOptions(layoutRef.current, elements)).run();
      if (window.__meshlensGraphReady === undefined)
        requestAnimationFrame(() => {
          window.__meshlensGraphReady ??= performance.now();
        });
    }
    laidOutWith.current = layoutRef.current;
  }, [cy, elements, headless]);

  useEffect(() => {
    if (cy === null || headless || laidOutWith.current === undefined || laidOutWith.current === layout)
      return;
    laidOutWith.current = layout;
    cy.layout(layoutOptions(layout, elementsRef.current)).run();
  }, [cy, layout, headless]);

  useEffect(() => {
    if (cy === null) return;
    cy.batch(() => {
      cy.elements(':selected').unselect();
      if (selection.kind !== 'none') cy.getElementById(selection.id).select();
    });
  }, [cy, selection, elements]);

  useEffect(() => {
    if (cy === null) return;
    cy.batch(() => {
      cy.elements().removeClass([FIND_CLASS, HIDDEN_CLASS]);
      for (const id of find) cy.getElementById(id).addClass(FIND_CLASS);
      for (const id of hide) cy.getElementById(id).addClass(HIDDEN_CLASS);
    });
  }, [cy, find, hide, elements]);

  useEffect(() => {
    if (cy === null) return;
    cy.batch(() => {
      cy.elements().removeClass([TRACE_CLASS, TRACE_DIM_CLASS]);
      if (trace === undefined) return;
      // Boxes stay as they are: dimming a namespace box would dim everything inside it.
      for (const el of cy.elements()) {
        if (el.isNode() && el.data('isBox') !== undefined) continue;
        el.addClass(trace.has(el.id()) ? TRACE_CLASS : TRACE_DIM_CLASS);
      }
    });
  }, [cy, trace, elements]);

  useEffect(() => {
    const canvas = overlayRef.current;
    if (cy === null || headless || !flags.animation || canvas === null) return;
    return startTrafficAnimation({
      cy,
      canvas,
      flowsOf: () => flowsRef.current,
      colors: () => ({ ok: paletteRef.current['--accent'], error: paletteRef.current['--failure'] }),
    });
  }, [cy, headless, flags.animation]);

  useImperativeHandle(
    props.ref,
    () => ({
      fit: () => {
        cy?.fit(undefined, 30);
      },
    }),
    [cy],
  );

  return (
    <div
      className="graph-canvas"
      role="img"
      aria-label="Traffic graph (the same nodes and edges are listed below)"
    >
      <div className="graph-canvas-cy" ref={containerRef} data-testid="graph-canvas" />
      {flags.animation && !headless ? (
        <canvas className="graph-canvas-overlay" ref={overlayRef} aria-hidden="true" />
      ) : null}
    </div>
  );
}
