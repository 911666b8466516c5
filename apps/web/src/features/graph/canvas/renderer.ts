/**
 * How to draw a graph of a given size where the console runs. Big graphs get cytoscape's
 * viewport hints (Kiali sets the same for big graphs: while panning or zooming, a snapshot
 * texture is moved and edges are hidden), no motion blur and one canvas pixel per CSS pixel.
 * The WebGL renderer is used for big graphs only when the GPU draws it: a software rasteriser
 * (SwiftShader, llvmpipe — headless or GPU-less browsers) is much slower than the 2D canvas.
 */

/** Above this many nodes (boxes included) a graph counts as big: fast layout and render hints. */
export const LARGE_GRAPH_NODES = 250;

export interface RenderHints {
  readonly textureOnViewport: boolean;
  readonly hideEdgesOnViewport: boolean;
  readonly motionBlur: boolean;
  /** Undefined: cytoscape's default, the device pixel ratio. */
  readonly pixelRatio: number | undefined;
}

export interface RendererChoice {
  readonly webgl: boolean;
  readonly hints: RenderHints;
}

/** What the browser says about its WebGL: null when there is none. */
export interface WebglInfo {
  /** The unmasked renderer string when the browser tells it, else the masked one. */
  readonly renderer: string;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE.test(renderer);
}

export function isLargeGraph(nodeCount: number): boolean {
  return nodeCount > LARGE_GRAPH_NODES;
}

/** `large`: `isLargeGraph` of the node count; `webgl`: `probeWebgl()` (null when not probed). */
export function chooseRenderer(large: boolean, webgl: WebglInfo | null): RendererChoice {
  return {
    webgl: large && webgl !== null && !isSoftwareRenderer(webgl.renderer),
    hints: large
      ? { textureOnViewport: true, hideEdgesOnViewport: true, motionBlur: false, pixelRatio: 1 }
      : { textureOnViewport: false, hideEdgesOnViewport: false, motionBlur: false, pixelRatio: undefined },
  };
}

/** Asks the browser for a WebGL 2 context and its renderer's name, then lets the context go. */
export function probeWebgl(): WebglInfo | null {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl === null) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer: typeof name === 'string' ? name : '' };
  } catch {
    return null;
  }
}
