/**
 * `meshlens analyze` as users run it: a real process, real files, exit codes and output lines.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/server/bin/meshlens.js');
const bookinfo = join(repo, 'third_party/istio/bookinfo');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function meshlens(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { cwd: repo, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'meshlens-analyze-'));
}

const badRoutes = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviewz
        subset: v1
  - route:
    - destination:
        host: reviews
        subset: v9
`;

describe('meshlens analyze', () => {
  it('reports no errors on Istio’s Bookinfo samples and exits 0', async () => {
    const run = await meshlens(['analyze', bookinfo]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^Error/m);
    expect(run.stdout).toMatch(/^Warning \[KIA0302\] Gateway bookinfo-gateway.default /m);
    expect(run.stderr).toMatch(/Analyzed \d+ resources in 23 files: 0 errors/);
  });

  it('points KIA1101 and KIA1107 at file, line and column, and exits 1', async () => {
    const dir = tempDir();
    copyFileSync(join(bookinfo, 'platform/bookinfo.yaml'), join(dir, 'bookinfo.yaml'));
    copyFileSync(
      join(bookinfo, 'networking/destination-rule-all.yaml'),
      join(dir, 'destination-rule-all.yaml'),
    );
    writeFileSync(join(dir, 'vs.yaml'), badRoutes);
    const run = await meshlens(['analyze', dir]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain(
      `Error [KIA1101] VirtualService reviews.default (${join(dir, 'vs.yaml')}:15:15) spec/http[0]/route[0]/destination/host: DestinationWeight on route doesn't have a valid service (host not found)`,
    );
    expect(lines).toContain(
      `Warning [KIA1107] VirtualService reviews.default (${join(dir, 'vs.yaml')}:18:7) spec/http[1]/route[0]/destination: Subset not found`,
    );
  });

  it('takes MeshConfig settings from --mesh-config: ALLOW_ANY lowers host-not-found to a warning', async () => {
    const dir = tempDir();
    copyFileSync(join(bookinfo, 'platform/bookinfo.yaml'), join(dir, 'bookinfo.yaml'));
    writeFileSync(join(dir, 'vs.yaml'), badRoutes);
    const meshConfig = join(tempDir(), 'mesh.yaml');
    writeFileSync(meshConfig, 'outboundTrafficPolicy:\n  mode: ALLOW_ANY\n');
    const run = await meshlens(['analyze', '--mesh-config', meshConfig, dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Warning \[KIA1101\] VirtualService reviews.default /m);
    writeFileSync(meshConfig, 'outboundTrafficPolicy:\n  mode: ALLOW_ALL\n');
    const bad = await meshlens(['analyze', '--mesh-config', meshConfig, dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mesh-config .*mesh.yaml:2:9: outboundTrafficPolicy.mode: Invalid option/);
  });

  it('reads stdin with - and prints JSON with -o json', async () => {
    const platform = readFileSync(join(bookinfo, 'platform/bookinfo.yaml'), 'utf8');
    const run = await meshlens(['analyze', '-o', 'json', '-'], `${platform}---\n${badRoutes}`);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as {
      findings: Array<{ code: string; path: string; source: unknown }>;
      summary: { errors: number };
    };
    const line = platform.split('\n').length + 15; // after the platform and the `---` line
    expect(body.findings.find((f) => f.code === 'KIA1101')).toMatchObject({
      path: 'spec/http[0]/route[0]/destination/host',
      source: { file: '-', line, column: 15 },
    });
    expect(body.summary.errors).toBeGreaterThan(0);
  });

  it('reports malformed YAML as a finding with line and column, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n');
    const run = await meshlens(['analyze', join(dir, 'broken.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^Error \\[ML0001\\] \\(${join(dir, 'broken.yaml')}:\\d+:\\d+\\): YAML syntax error`, 'm'),
    );
  });

  it.each([
    [
      'a missing path',
      (): string[] => ['analyze', '/nonexistent/meshlens.yaml'],
      /no such file or directory/,
    ],
    [
      'a binary file',
      (): string[] => {
        const file = join(tempDir(), 'x.yaml');
        writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00]));
        return ['analyze', file];
      },
      /is a binary file/,
    ],
    [
      'a file over --max-bytes',
      (): string[] => {
        const file = join(tempDir(), 'big.yaml');
        writeFileSync(file, 'a: 1\n'.repeat(1000));
        return ['analyze', '--max-bytes', '1000', file];
      },
      /5000 bytes is over the limit of 1000 bytes \(--max-bytes\)/,
    ],
    ['a bad option value', (): string[] => ['analyze', '-o', 'xml', bookinfo], /argument 'xml' is invalid/],
  ])('exits 2 with one clear error line for %s', async (_name, args, message) => {
    const run = await meshlens(args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
