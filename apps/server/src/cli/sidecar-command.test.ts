/** `meshlens sidecar` refuses what it cannot run with, naming the option or the snapshot field. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../bin/meshlens.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'meshlens-sidecar-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'sidecar', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stderr: r.stderr };
}

describe('meshlens sidecar', () => {
  it('requires a snapshot', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('a snapshot source is required: --snapshot <file> or --control-plane <url>');
    const both = run(['--snapshot', 'a.json', '--control-plane', 'http://127.0.0.1:1']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give either --snapshot or --control-plane, not both');
    const anonymous = run(['--control-plane', 'http://127.0.0.1:1']);
    expect(anonymous.status).toBe(2);
    expect(anonymous.stderr).toContain('--control-plane needs --workload <name>');
  });

  it.each([
    [
      ['--admin-port', '70000'],
      "option '--admin-port <port>' argument '70000' is invalid. must be a port number",
    ],
    [['--trace-sampling', '150'], "option '--trace-sampling <percent>' argument '150' is invalid"],
    [
      ['--trace-endpoint', 'collector:4318'],
      "option '--trace-endpoint <url>' argument 'collector:4318' is invalid",
    ],
    [['--inbound', '9080'], 'must be <containerPort>=<listenPort>'],
    [['--log-level', 'loud'], 'must be one of trace, debug, info, warning, error, critical, off'],
  ])('refuses %j, naming the option', (args, message) => {
    const r = run(['--snapshot', 'x.json', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('refuses a snapshot file that is missing, not JSON, or not a v1 snapshot, and says why', () => {
    const missing = run(['--snapshot', join(dir, 'none.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*none\.json/);
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"version": 1,');
    const bad = run(['--snapshot', notJson]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad.json is not JSON');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(
      wrong,
      JSON.stringify({ version: 2, revision: 'r1', proxy: {}, listeners: [], routeTables: [], clusters: [] }),
    );
    const invalid = run(['--snapshot', wrong]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('invalid snapshot');
    expect(invalid.stderr).toMatch(/version/);
    expect(invalid.stderr).toMatch(/proxy\.kind/);
  });
});
