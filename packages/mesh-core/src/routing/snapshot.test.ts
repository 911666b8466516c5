import { describe, expect, it } from 'vitest';
import { bookinfoMesh } from './bookinfo.test-support.ts';
import { compileSnapshot } from './compile.ts';
import { parseSnapshot, proxySnapshotSchema, safeParseSnapshot, withEndpointAddresses } from './snapshot.ts';

const mesh = bookinfoMesh(['destination-rule-all.yaml', 'virtual-service-reviews-test-v2.yaml']);
const snapshot = compileSnapshot({
  ...mesh,
  proxy: { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' },
});

describe('proxy snapshot v1', () => {
  it('round-trips through JSON and the schema unchanged', () => {
    const reloaded = parseSnapshot(JSON.parse(JSON.stringify(snapshot)));
    expect(reloaded).toEqual(snapshot);
    expect(proxySnapshotSchema.parse(reloaded)).toEqual(snapshot);
  });

  it('is deep-frozen at creation and on load', () => {
    const reloaded = parseSnapshot(JSON.parse(JSON.stringify(snapshot)));
    for (const s of [snapshot, reloaded]) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(Object.isFrozen(s.clusters[0]?.endpoints)).toBe(true);
      expect(Object.isFrozen(s.routeTables[0]?.virtualHosts[0]?.routes[0]?.action)).toBe(true);
    }
  });

  it('refuses another format version, naming the field', () => {
    const result = safeParseSnapshot({ ...JSON.parse(JSON.stringify(snapshot)), version: 2 });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain('version');
  });

  it('gives equal config an equal revision and different config another', () => {
    const again = compileSnapshot({
      ...mesh,
      proxy: { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' },
    });
    expect(again.revision).toBe(snapshot.revision);
    const other = bookinfoMesh(['destination-rule-all.yaml', 'virtual-service-reviews-80-20.yaml']);
    const changed = compileSnapshot({
      ...other,
      proxy: { kind: 'sidecar', workload: 'productpage-v1', namespace: 'default' },
    });
    expect(changed.revision).not.toBe(snapshot.revision);
  });
});

describe('withEndpointAddresses', () => {
  it('gives a new revision when an endpoint address changes, and the same one for the same addresses', () => {
    const up = withEndpointAddresses(snapshot, (e) => `127.0.0.1:${e.workload.length}`);
    const again = withEndpointAddresses(snapshot, (e) => `127.0.0.1:${e.workload.length}`);
    const down = withEndpointAddresses(snapshot, (e) =>
      e.workload === 'reviews-v1' ? null : `127.0.0.1:${e.workload.length}`,
    );
    expect(again.revision).toBe(up.revision);
    expect(down.revision).not.toBe(up.revision);
    expect(up.revision).toMatch(/^[0-9a-f]{16}$/);
  });
});
