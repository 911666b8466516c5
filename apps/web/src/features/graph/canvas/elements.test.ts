import type { GraphNodeData } from '@meshlens/mesh-core/graph';
import { describe, expect, it } from 'vitest';
import { FIXTURE_IDS, fixtureGraph } from '../graph-fixture.test-support.ts';
import type { ElementContext } from './elements.ts';
import { BADGE_GLYPHS, elementSetKeys, nodeBadges, sameElementSet, toCyElements } from './elements.ts';
import { COLOR_VARS } from './styles.ts';

const palette = Object.fromEntries(COLOR_VARS.map((v) => [v, `color(${v})`])) as ElementContext['palette'];
const ctx: ElementContext = {
  graphType: 'versionedApp',
  edgeLabels: ['trafficRate'],
  flags: { badgeSecurity: true, badgeSidecar: true, badgeVS: true },
  palette,
  multiNamespace: false,
};

const node = (d: Partial<GraphNodeData>): GraphNodeData => ({
  id: 'n',
  nodeType: 'app',
  cluster: 'c',
  namespace: 'default',
  healthData: null,
  ...d,
});

describe('element set (relayout only when it changes)', () => {
  const keysOf = (graph = fixtureGraph(), c = ctx) => elementSetKeys(toCyElements(graph, c));

  it('is the same after a refresh with new rates, health and labels', () => {
    const next = fixtureGraph();
    const first = next.elements.edges[0];
    if (first === undefined) throw new Error('fixture has edges');
    first.data.traffic.rates = { http: '99.00' };
    const firstNode = next.elements.nodes[1];
    if (firstNode === undefined) throw new Error('fixture has nodes');
    firstNode.data.healthStatus = 'Failure';
    expect(sameElementSet(keysOf(), keysOf(next, { ...ctx, edgeLabels: ['responseTime'] }))).toBe(true);
  });

  it('changes when an edge appears', () => {
    const next = fixtureGraph();
    next.elements.edges.push({
      data: {
        id: 'e-new',
        source: FIXTURE_IDS.productpage,
        target: FIXTURE_IDS.ratingsSvc,
        traffic: { protocol: 'http' },
      },
    });
    expect(sameElementSet(keysOf(), keysOf(next))).toBe(false);
  });

  it('changes when a node disappears', () => {
    const next = fixtureGraph();
    next.elements.nodes = next.elements.nodes.filter((n) => n.data.id !== FIXTURE_IDS.unknown);
    expect(sameElementSet(keysOf(), keysOf(next))).toBe(false);
  });

  it('changes when a node leaves its box', () => {
    const next = fixtureGraph();
    const v1 = next.elements.nodes.find((n) => n.data.id === FIXTURE_IDS.reviewsV1);
    if (v1 === undefined) throw new Error('fixture has reviews v1');
    delete v1.data.parent;
    expect(sameElementSet(keysOf(), keysOf(next))).toBe(false);
  });
});

describe('toCyElements', () => {
  const elements = toCyElements(fixtureGraph(), ctx);
  const data = (id: string) => elements.find((e) => e.data.id === id)?.data;

  it('labels a versioned app inside its app box with its version, and badges it', () => {
    expect(data(FIXTURE_IDS.reviewsV1)?.['label']).toBe('v1');
    expect(data(FIXTURE_IDS.reviewsV2)?.['label']).toBe(`${BADGE_GLYPHS.circuitBreaker}\nv2`);
  });

  it('names the namespace of a node outside the graphed namespaces', () => {
    expect(data(FIXTURE_IDS.gateway)?.['label']).toBe(
      `${BADGE_GLYPHS.gateway} ${BADGE_GLYPHS.root}\nistio-ingressgateway\nlatest\n(istio-system)`,
    );
  });

  it('resolves colours from the palette', () => {
    expect(data(FIXTURE_IDS.reviewsV2)?.['borderColor']).toBe('color(--degraded)');
    expect(data(FIXTURE_IDS.ppToV2)?.['lineColor']).toBe('color(--failure)');
    expect(data(FIXTURE_IDS.ratingsToMongo)?.['lineColor']).toBe('color(--accent)');
  });

  it('puts the mTLS lock on mTLS edges when security badges are on', () => {
    expect(data(FIXTURE_IDS.ppToV1)?.['label']).toBe(`${BADGE_GLYPHS.mtls}\n3.2`);
    const off = toCyElements(fixtureGraph(), { ...ctx, flags: { ...ctx.flags, badgeSecurity: false } });
    expect(off.find((e) => e.data.id === FIXTURE_IDS.ppToV1)?.data['label']).toBe('3.2');
  });

  it('drops edges whose ends are missing and parents that do not exist', () => {
    const g = fixtureGraph();
    g.elements.nodes = g.elements.nodes.filter(
      (n) => n.data.id !== FIXTURE_IDS.box && n.data.id !== FIXTURE_IDS.mongodb,
    );
    const els = toCyElements(g, ctx);
    expect(els.some((e) => e.data.id === FIXTURE_IDS.ratingsToMongo)).toBe(false);
    expect(els.find((e) => e.data.id === FIXTURE_IDS.reviewsV1)?.data.parent).toBeUndefined();
  });
});

describe('nodeBadges', () => {
  const all = { badgeSecurity: true, badgeSidecar: true, badgeVS: true };
  it.each([
    [node({ hasVS: {} }), all, ['virtualService']],
    [
      node({ hasVS: {}, hasTrafficShifting: true, hasFaultInjection: true }),
      all,
      ['trafficShifting', 'faultInjection'],
    ],
    [
      node({ hasVS: {}, hasRequestRouting: true, hasRequestTimeout: true, hasMirroring: true }),
      all,
      ['requestRouting', 'requestTimeout', 'mirroring'],
    ],
    [node({ hasCB: true, isOutOfMesh: true }), all, ['missingSidecar', 'circuitBreaker']],
    [node({ hasCB: true, isOutOfMesh: true }), { ...all, badgeVS: false }, ['missingSidecar']],
    [node({ hasCB: true, isOutOfMesh: true }), { ...all, badgeSidecar: false }, ['circuitBreaker']],
    [node({ isGateway: {}, isRoot: true }), all, ['gateway', 'root']],
  ])('%j with %j → %j', (n, flags, badges) => {
    expect(nodeBadges(n, flags)).toEqual(badges);
  });
});
