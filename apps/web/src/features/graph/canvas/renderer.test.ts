import { describe, expect, it } from 'vitest';
import { LARGE_GRAPH_NODES, chooseRenderer, isLargeGraph, isSoftwareRenderer } from './renderer.ts';

const HW = { renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)' };
const SWIFTSHADER = {
  renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
};
const LLVMPIPE = { renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' };

describe('renderer choice', () => {
  it.each([
    ['small graph, hardware WebGL', 20, HW, false, false],
    ['big graph, hardware WebGL', 1000, HW, true, true],
    ['big graph, SwiftShader', 1000, SWIFTSHADER, false, true],
    ['big graph, llvmpipe', 1000, LLVMPIPE, false, true],
    ['big graph, no WebGL', 1000, null, false, true],
    ['at the threshold', LARGE_GRAPH_NODES, HW, false, false],
    ['just above it', LARGE_GRAPH_NODES + 1, HW, true, true],
  ] as const)('%s: webgl %s, viewport hints %s', (_name, nodes, webgl, useWebgl, hinted) => {
    const choice = chooseRenderer(isLargeGraph(nodes), webgl);
    expect(choice.webgl).toBe(useWebgl);
    expect(choice.hints.textureOnViewport).toBe(hinted);
    expect(choice.hints.hideEdgesOnViewport).toBe(hinted);
    expect(choice.hints.pixelRatio).toBe(hinted ? 1 : undefined);
    expect(choice.hints.motionBlur).toBe(false);
  });

  it.each([
    ['Google SwiftShader', true],
    ['Microsoft Basic Render Driver', true],
    ['Mesa llvmpipe', true],
    ['Apple M2', false],
    ['Mesa Intel(R) UHD Graphics 620 (KBL GT2)', false],
  ])('%s is software: %s', (name, software) => {
    expect(isSoftwareRenderer(name)).toBe(software);
  });
});
