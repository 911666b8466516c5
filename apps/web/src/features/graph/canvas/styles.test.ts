import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import type { EdgeMetrics } from '../format.ts';
import type { Palette } from './styles.ts';
import { COLOR_VARS, edgeColorVar, graphStylesheet, healthColorVar, nodeLook, nodeShape } from './styles.ts';

const node = (d: Partial<GraphNodeData>): GraphNodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'c',
  namespace: 'default',
  healthData: null,
  ...d,
});

const edge = (m: Partial<EdgeMetrics>): EdgeMetrics => ({
  protocol: 'http',
  rate: 1,
  percentErr: 0,
  percentReq: 0,
  responseTimeMs: 0,
  throughputBytesPerSec: 0,
  mtlsPercent: 0,
  hasTraffic: true,
  ...m,
});

describe('node health colour', () => {
  it.each([
    ['Healthy', '--healthy'],
    ['Degraded', '--degraded'],
    ['Failure', '--failure'],
    ['Not Ready', '--idle'],
    ['NA', '--fg-muted'],
    [undefined, '--fg-muted'],
  ] as const)('%s → %s', (status, colour) => {
    expect(healthColorVar(status)).toBe(colour);
  });

  it.each([
    [node({ healthStatus: 'Failure' }), { borderColor: '--failure', borderStyle: 'solid' }],
    [node({ healthStatus: 'Healthy', isIdle: true }), { borderColor: '--idle', borderStyle: 'dotted' }],
    [node({ nodeType: 'unknown' }), { borderStyle: 'dashed' }],
    [node({ healthStatus: 'Healthy', isOutside: true }), { borderColor: '--healthy', borderStyle: 'dashed' }],
    [node({ nodeType: 'box', isBox: 'namespace' }), { borderColor: '--border', background: '--bg-muted' }],
  ])('draws %j with %j', (n, look) => {
    expect(nodeLook(n)).toMatchObject(look);
  });
});

describe('node shape', () => {
  it.each([
    ['app', 'round-rectangle'],
    ['workload', 'ellipse'],
    ['service', 'round-triangle'],
    ['unknown', 'ellipse'],
    ['aggregate', 'round-pentagon'],
    ['box', 'round-rectangle'],
  ] as const)('%s is a %s', (nodeType, shape) => {
    expect(nodeShape(node({ nodeType }))).toBe(shape);
  });
});

describe('edge colour', () => {
  it.each([
    [edge({ rate: 0, hasTraffic: false }), undefined, '--idle'],
    [edge({ protocol: 'tcp' }), undefined, '--accent'],
    [edge({}), 'Healthy', '--healthy'],
    [edge({ percentErr: 0.1 }), undefined, '--degraded'],
    [edge({ percentErr: 9.9 }), 'Healthy', '--degraded'],
    [edge({ percentErr: 10 }), undefined, '--failure'],
    [edge({}), 'Degraded', '--degraded'],
    [edge({ percentErr: 1 }), 'Failure', '--failure'],
  ] as const)('%j with health %s → %s', (m, health, colour) => {
    expect(edgeColorVar(m, health)).toBe(colour);
  });
});

describe('labels of big graphs', () => {
  const palette = Object.fromEntries(COLOR_VARS.map((v) => [v, '#000'])) as Palette;
  const minZoomed = (large: boolean) =>
    graphStylesheet(palette, { large })
      .filter((rule) => rule.selector === 'node' || rule.selector === 'edge')
      .map((rule) =>
        'style' in rule ? (rule.style as Record<string, unknown>)['min-zoomed-font-size'] : undefined,
      );

  it.each([
    [false, [0, 0]],
    [true, [8, 8]],
  ])('large %s: nodes and edges hide labels below %j px on screen', (large, sizes) => {
    expect(minZoomed(large)).toEqual(sizes);
  });
});
