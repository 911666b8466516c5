/**
 * `meshlens apply|get|history|rollback|delete|proxy-status|proxy-config` as users run them: real
 * processes against a real control plane serving the config API (its platform runs nothing).
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../mesh/control-plane/config-api-test-support.ts';
import type { TestServer } from '../mesh/control-plane/config-api-test-support.ts';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/server/bin/meshlens.js');
const bookinfo = 'third_party/istio/bookinfo';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'meshlens-config-cli-'));

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function meshlens(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { cwd: repo, timeout: 30_000, env: { ...process.env, MESHLENS_SERVER: server.url, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** A port nothing listens on: bound by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

const lines = (text: string): string[] => text.trim().split('\n');

describe('meshlens config commands', () => {
  it('applies Bookinfo’s samples and prints what each object became, like kubectl', async () => {
    const platform = await meshlens(['apply', '-f', `${bookinfo}/platform/bookinfo.yaml`]);
    expect(platform.code).toBe(0);
    expect(lines(platform.stdout)).toContain('deployment.apps/reviews-v2 created');
    const networking = await meshlens([
      'apply',
      '-f',
      `${bookinfo}/networking/destination-rule-all.yaml`,
      '-f',
      `${bookinfo}/networking/virtual-service-all-v1.yaml`,
    ]);
    expect(networking.code).toBe(0);
    expect(lines(networking.stdout)).toContain('destinationrule.networking.istio.io/reviews created');
    expect(lines(networking.stdout)).toContain('virtualservice.networking.istio.io/reviews created');
    const again = await meshlens(['apply', '-f', `${bookinfo}/networking/virtual-service-all-v1.yaml`]);
    expect(lines(again.stdout)).toContain('virtualservice.networking.istio.io/reviews unchanged');
  });

  it('refuses an invalid VirtualService with istioctl’s findings and exit 1', async () => {
    const file = join(dir, 'bad-vs.yaml');
    writeFileSync(
      file,
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n' +
        'spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviewz\n',
    );
    const run = await meshlens(['apply', '-f', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toContain(
      `Error [KIA1101] VirtualService reviews.default (${file}:10:15) spec/http[0]/route[0]/destination/host: DestinationWeight on route doesn't have a valid service (host not found)`,
    );
    expect(lines(run.stderr)).toContain(`Error: ${file} was refused: 1 error; nothing was changed`);
  });

  it('prints one object as YAML and a kind as a table', async () => {
    const yaml = await meshlens(['get', 'vs', 'reviews', '-o', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^apiVersion: networking.istio.io\/v1\nkind: VirtualService\n/);
    expect(yaml.stdout).toContain('  name: reviews\n  namespace: default\n');
    expect(yaml.stdout).toContain('            subset: v1\n');
    const table = await meshlens(['get', 'destinationrules', '-n', 'default']);
    expect(lines(table.stdout)[0]).toMatch(/^NAME\s+RESOURCE VERSION\s+AGE$/);
    expect(lines(table.stdout).map((l) => l.split(/\s+/)[0])).toEqual([
      'NAME',
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const missing = await meshlens(['get', 'vs', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'Error from server (NotFound): virtualservices.networking.istio.io "nope" not found in namespace "default"',
    );
  });

  it('shows history and rolls back to an earlier revision', async () => {
    const shift = await meshlens([
      'apply',
      '-f',
      `${bookinfo}/networking/virtual-service-reviews-50-v3.yaml`,
    ]);
    expect(lines(shift.stdout)).toEqual(['virtualservice.networking.istio.io/reviews configured']);
    const history = await meshlens(['history', 'virtualservice', 'reviews']);
    expect(history.code).toBe(0);
    const rows = lines(history.stdout).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => r[1])).toEqual(['OPERATION', 'create', 'update']);
    expect(rows[2]?.[3]).toBe(`${bookinfo}/networking/virtual-service-reviews-50-v3.yaml`);
    const first = rows[1]?.[0] ?? '';
    const rollback = await meshlens(['rollback', 'vs', 'reviews', '--to-revision', first]);
    expect(rollback.code).toBe(0);
    expect(lines(rollback.stdout)).toEqual([
      `virtualservice.networking.istio.io/reviews rolled back to revision ${first}`,
    ]);
    const current = await meshlens(['get', 'vs', 'reviews', '-o', 'json']);
    expect(JSON.parse(current.stdout)).toMatchObject({ metadata: { name: 'reviews' } });
    expect(current.stdout).not.toContain('v3');
    const after = await meshlens(['history', 'vs', 'reviews']);
    expect(lines(after.stdout).at(-1)).toMatch(new RegExp(`rollback\\s+3\\s+rollback to revision ${first}`));
  });

  it('deletes an object, reporting what the deletion leaves dangling', async () => {
    const run = await meshlens(['delete', 'dr', 'reviews']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(['destinationrule.networking.istio.io/reviews deleted']);
    expect(run.stderr).toMatch(/^Warning \[KIA1107\] VirtualService reviews.default .*Subset not found$/m);
    const again = await meshlens(['delete', 'dr', 'reviews']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('(NotFound)');
  });

  it('prints proxy status in istioctl’s columns', async () => {
    server.proxies.splice(
      0,
      server.proxies.length,
      {
        node: 'sidecar~127.0.0.1~reviews-v1-0.default~default.svc.cluster.local',
        kind: 'sidecar',
        namespace: 'default',
        workload: 'reviews-v1',
        connected: true,
        sent: '9',
        acked: '9',
        state: 'Synced',
        rejected: undefined,
      },
      {
        node: 'sidecar~127.0.0.1~details-v1-0.default~default.svc.cluster.local',
        kind: 'sidecar',
        namespace: 'default',
        workload: 'details-v1',
        connected: true,
        sent: '9',
        acked: '8',
        state: 'Stale',
        rejected: { revision: '9', error: 'bad snapshot' },
      },
    );
    const run = await meshlens(['proxy-status']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout).map((l) => l.split(/\s{2,}/))).toEqual([
      ['NAME', 'CLUSTER', 'CONFIG', 'VERSION'],
      ['details-v1-0.default', 'Kubernetes', 'STALE', '8'],
      ['reviews-v1-0.default', 'Kubernetes', 'SYNCED', '9'],
    ]);
    expect(run.stderr).toContain('details-v1-0.default refused revision 9: bad snapshot');
  });

  it('prints a pod’s clusters and routes in istioctl’s tables', async () => {
    const clusters = await meshlens(['proxy-config', 'clusters', 'productpage-v1-0.default']);
    expect(clusters.code).toBe(0);
    const rows = lines(clusters.stdout).map((l) => l.split(/\s{2,}/));
    expect(rows[0]).toEqual(['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']);
    expect(rows).toContainEqual([
      'ratings.default.svc.cluster.local',
      '9080',
      'v1',
      'outbound',
      'EDS',
      'ratings.default',
    ]);
    const routes = await meshlens(['pc', 'routes', 'productpage-v1']);
    expect(lines(routes.stdout).find((l) => l.includes('reviews.default.svc'))).toMatch(
      /^9080\s+reviews\.default\.svc\.cluster\.local:9080\s+.*\s\/\*\s+reviews\.default$/,
    );
  });

  it('exits 2 naming the URL when the server cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await meshlens(['get', 'vs', '--server', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot reach the Meshlens server at ${url}`);
    const apply = await meshlens(['apply', '-f', `${bookinfo}/platform/bookinfo.yaml`], {
      MESHLENS_SERVER: url,
    });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain(`cannot reach the Meshlens server at ${url}`);
    const unreadable = await meshlens(['apply', '-f', join(dir, 'missing.yaml')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('missing.yaml: no such file or directory');
  });
});
