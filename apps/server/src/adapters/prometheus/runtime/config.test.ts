import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusConfig, prometheusConfigYaml } from './config.ts';

const targetsUrl = 'http://127.0.0.1:15010/v1/prometheus/targets';

describe('prometheusConfig', () => {
  it('scrapes every proxy found through HTTP SD every 5 s, as Istio’s kubernetes-pods job', () => {
    expect(prometheusConfig({ targetsUrl })).toEqual({
      global: { scrape_interval: '5s', scrape_timeout: '5s', evaluation_interval: '5s' },
      scrape_configs: [
        {
          job_name: 'kubernetes-pods',
          honor_labels: true,
          metrics_path: '/stats/prometheus',
          http_sd_configs: [{ url: targetsUrl, refresh_interval: '5s' }],
        },
      ],
    });
  });

  it('adds a job for the control plane’s own metrics when given', () => {
    const config = prometheusConfig({
      targetsUrl,
      scrapeIntervalSeconds: 15,
      controlPlane: { address: '127.0.0.1:15010', labels: { app: 'istiod' } },
    });
    expect(config['scrape_configs']).toContainEqual({
      job_name: 'meshlens-control-plane',
      metrics_path: '/metrics',
      static_configs: [{ targets: ['127.0.0.1:15010'], labels: { app: 'istiod' } }],
    });
    expect(config['global']).toMatchObject({ scrape_interval: '15s' });
  });

  it.each([
    [
      { targetsUrl: 'file:///etc/targets.json' },
      /targetsUrl "file:\/\/\/etc\/targets.json" is not an http\(s\) URL/,
    ],
    [{ targetsUrl: '127.0.0.1:15010' }, /targetsUrl "127.0.0.1:15010" is not an http\(s\) URL/],
    [{ targetsUrl, scrapeIntervalSeconds: 0.5 }, /scrapeIntervalSeconds 0.5 is not a whole number/],
    [
      { targetsUrl, controlPlane: { address: 'http://cp:1' } },
      /controlPlane.address "http:\/\/cp:1" is not host:port/,
    ],
    [{ targetsUrl, controlPlane: { address: 'cp:1', metricsPath: 'metrics' } }, /metricsPath "metrics"/],
  ])('refuses %j, naming the option', (options, message) => {
    expect(() => prometheusConfig(options)).toThrow(message);
  });
});

describe('prometheusConfigYaml with promtool', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshlens-promtool-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // promtool ships with Debian's prometheus package, which scripts/setup.sh installs.
  async function check(text: string): Promise<{ ok: boolean; output: string }> {
    const file = join(dir, 'prometheus.yml');
    await writeFile(file, text);
    try {
      const { stdout, stderr } = await promisify(execFile)('promtool', ['check', 'config', file]);
      return { ok: true, output: stdout + stderr };
    } catch (e) {
      const failed = e as { code?: unknown; stdout?: string; stderr?: string };
      if (failed.code === 'ENOENT') {
        throw new Error(
          'promtool not found: run `bash scripts/setup.sh` (it installs Debian’s prometheus package)',
          { cause: e },
        );
      }
      return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }

  it('is accepted by promtool, with and without the control plane job', async () => {
    for (const text of [
      prometheusConfigYaml({ targetsUrl }),
      prometheusConfigYaml({
        targetsUrl,
        controlPlane: { address: '127.0.0.1:15010', metricsPath: '/stats' },
      }),
    ]) {
      const result = await check(text);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    }
  });

  it('is a check that can fail: promtool refuses a scrape timeout over the interval', async () => {
    const text = prometheusConfigYaml({ targetsUrl }).replace('scrape_timeout: 5s', 'scrape_timeout: 9s');
    const result = await check(text);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/scrape timeout greater than scrape interval/);
  });
});
