import { describe, expect, it } from 'vitest';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import { SnapshotParser, snapshotJson } from './snapshot-parser.ts';
import type { SnapshotCheck } from './snapshot-parser.ts';
import { safeParseSnapshot } from './snapshot.ts';
import type { ProxySnapshot } from './snapshot.ts';

const compile = (networking: readonly string[]): ProxySnapshot =>
  compileSnapshot({
    ...bookinfoMesh(networking),
    proxy: { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' },
  });

const first = compile(['destination-rule-all.yaml', 'virtual-service-all-v1.yaml']);
const second = compile(['destination-rule-all.yaml', 'virtual-service-reviews-50-v3.yaml']);

type Check = ReturnType<typeof safeParseSnapshot>;

/** The check `safeParseSnapshot` makes of the same text, for comparison. */
function whole(text: string): Check {
  return safeParseSnapshot(JSON.parse(text));
}

function accepted(check: SnapshotCheck | Check): ProxySnapshot {
  if (!check.ok) throw new Error(check.error);
  return check.snapshot;
}

/** The line layout of a value that may not be a valid snapshot (for refusals); plain JSON without arrays. */
const jsonOf = (value: object): string =>
  ['listeners', 'routeTables', 'clusters'].every((f) => Array.isArray((value as Record<string, unknown>)[f]))
    ? snapshotJson(value as ProxySnapshot)
    : JSON.stringify(value);

describe('SnapshotParser', () => {
  it('reads the line layout into what safeParseSnapshot reads, deep-frozen', () => {
    const text = snapshotJson(first);
    expect(text.split('\n').length).toBe(
      first.listeners.length + first.routeTables.length + first.clusters.length + 4,
    );
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(first)));
    const parsed = accepted(new SnapshotParser().parseJson(text));
    expect(parsed).toEqual(accepted(whole(text)));
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.clusters)).toBe(true);
    expect(Object.isFrozen(parsed.routeTables[0]?.virtualHosts[0]?.routes[0]?.action)).toBe(true);
  });

  it('gives back the same objects for the pieces a new snapshot did not change, and checks the rest', () => {
    const parser = new SnapshotParser();
    const before = accepted(parser.parseJson(snapshotJson(first)));
    const after = accepted(parser.parseJson(snapshotJson(second)));
    expect(after).toEqual(accepted(whole(snapshotJson(second))));
    const reviews = (s: ProxySnapshot) => s.routeTables.find((t) => t.name === '9080');
    expect(reviews(after)).not.toBe(reviews(before));
    after.clusters.forEach((c, i) => {
      expect(c).toBe(before.clusters[i]);
    });
    after.listeners.forEach((l, i) => {
      expect(l).toBe(before.listeners[i]);
    });
    // Remembered from one snapshot to the next, not only from the first.
    const again = accepted(parser.parseJson(snapshotJson(first)));
    expect(again.clusters[0]).toBe(before.clusters[0]);
    expect(reviews(again)).toEqual(reviews(before));
  });

  it('reads JSON without the layout (a file, a control plane of another version) all the same', () => {
    const parser = new SnapshotParser();
    expect(accepted(parser.parseJson(JSON.stringify(first)))).toEqual(accepted(whole(snapshotJson(first))));
    const pretty = JSON.stringify(second, null, 2);
    expect(accepted(parser.parseJson(pretty))).toEqual(accepted(whole(pretty)));
  });

  const cluster = first.clusters[0];
  const listener = first.listeners[0];
  it.each([
    ['another format version', { ...first, version: 2 }],
    [
      'a cluster without its name',
      { ...first, clusters: [{ ...cluster, name: undefined }, ...first.clusters] },
    ],
    [
      'an endpoint port that is not a number',
      {
        ...first,
        clusters: first.clusters.map((c) =>
          c === cluster ? { ...c, endpoints: c.endpoints.map((e) => ({ ...e, port: 'http' })) } : c,
        ),
      },
    ],
    ['a listener where a cluster should be', { ...first, clusters: [listener, ...first.clusters] }],
    ['clusters that are not a list', { ...first, clusters: { cluster } }],
    ['no proxy and a bad listener', { ...first, proxy: undefined, listeners: [{ name: 'x' }] }],
  ])('refuses %s as safeParseSnapshot does, naming the fields', (_, value) => {
    const parser = new SnapshotParser();
    accepted(parser.parseJson(snapshotJson(first)));
    const text = jsonOf(value);
    const check = parser.parseJson(text);
    const expected = whole(text);
    expect(check.ok).toBe(false);
    expect(expected.ok).toBe(false);
    expect(check.ok ? '' : check.error).toBe(expected.ok ? '' : expected.error);
    expect(check.ok ? undefined : check.revision).toBe(first.revision);
  });

  it('refuses a known piece at a place that asks for another kind', () => {
    const parser = new SnapshotParser();
    accepted(parser.parseJson(snapshotJson(first)));
    const check = parser.parseJson(jsonOf({ ...first, listeners: [cluster, ...first.listeners] }));
    expect(check.ok ? '' : check.error).toMatch(/listeners\[0\]\.direction/);
  });

  it('reads lines that are not pieces as the JSON they are part of', () => {
    const parser = new SnapshotParser();
    accepted(parser.parseJson(snapshotJson(first)));
    const base = snapshotJson(first);
    // A known cluster's line as the proxy, and a later key overriding an earlier one.
    const line = JSON.stringify(cluster);
    const proxyAsCluster = base.replace(/"proxy":\{[^\n]*?\},"listeners"/, `"proxy":\n${line}\n,"listeners"`);
    expect(proxyAsCluster.split('\n')[1]).toBe(line);
    expect(parser.parseJson(proxyAsCluster)).toEqual({ ok: false, ...pick(whole(proxyAsCluster)) });
    const overridden = `${base.slice(0, -1)},"clusters":[]}`;
    expect(accepted(parser.parseJson(overridden)).clusters).toEqual([]);
    expect(parser.parseJson('{"version":1,\n{')).toMatchObject({ ok: false, error: /not JSON/ });
  });
});

function pick(check: Check): { error: string; revision: string } {
  return { error: check.ok ? '' : check.error, revision: first.revision };
}
