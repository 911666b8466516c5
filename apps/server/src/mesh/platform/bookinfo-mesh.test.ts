/**
 * Istio's Bookinfo on the local platform, as Istio's tasks run it: every replica an app process
 * and its sidecar process, the ingress gateway, config from the store pushed by the control plane.
 * Applying Bookinfo's networking samples changes what users see through the gateway.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../control-plane/config-store/index.ts';
import { startControlPlane } from '../control-plane/control-plane.ts';
import type { RunningControlPlane } from '../control-plane/control-plane.ts';
import type { ProxyStatus } from '../control-plane/push/protocol.ts';
import { freePort } from '../sidecar/testing/processes.ts';
import { httpRequest } from '../sidecar/testing/mesh-harness.ts';
import { isRunning, LocalPlatform } from './local-platform.ts';
import { bookinfoDemo } from './demo.ts';

const bookinfoDir = fileURLToPath(new URL('../../../../../third_party/istio/bookinfo/', import.meta.url));
const sample = (file: string): string => readFileSync(join(bookinfoDir, file), 'utf8');

describe('Bookinfo on the local platform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-bookinfo-'));
  let store: ConfigStore;
  let platform: LocalPlatform;
  let cp: RunningControlPlane | undefined;
  let gatewayPort = 0;

  const apply = (file: string, text: string): void => {
    const result = store.applyText(text, file);
    if (result.status === 'refused') throw new Error(`${file} refused: ${JSON.stringify(result.findings)}`);
  };

  const reviewsPod = async (headers: Record<string, string> = {}): Promise<string> => {
    const r = await httpRequest(gatewayPort, '/api/v1/products/0/reviews', {
      host: 'bookinfo.example.com',
      ...headers,
    });
    if (r.status !== 200) return `status ${r.status}`;
    return (JSON.parse(r.body) as { podname?: string }).podname ?? 'no podname';
  };

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting until ${what} (last: ${await reviewsPod().catch((e: unknown) => String(e))})`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    store = ConfigStore.open(dir);
    for (const [file, text] of bookinfoDemo()) apply(file, text);
    const cpPort = await freePort();
    gatewayPort = await freePort();
    platform = new LocalPlatform({
      controlPlaneUrl: `http://127.0.0.1:${cpPort}`,
      traceSampling: 1,
      gatewayPortOffset: gatewayPort - 8080,
      onChange: () => cp?.push.meshChanged(),
    });
    cp = await startControlPlane({
      store,
      platform,
      followRegistry: (registry) => platform.reconcile(registry),
      host: '127.0.0.1',
      port: cpPort,
    });
    await platform.reconcile(store.snapshot().registry);
    await until('the product page is served through the gateway', async () => {
      const r = await httpRequest(gatewayPort, '/productpage', { host: 'bookinfo.example.com' });
      return r.status === 200 && r.body.includes('Book Reviews');
    });
  }, 120_000);

  afterAll(async () => {
    await platform.stop();
    await cp?.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every Bookinfo replica and the gateway, each proxy Synced', async () => {
    expect(
      platform
        .instances()
        .map((i) => `${i.namespace}/${i.pod}`)
        .sort(),
    ).toEqual([
      'default/details-v1-0',
      'default/productpage-v1-0',
      'default/ratings-v1-0',
      'default/reviews-v1-0',
      'default/reviews-v2-0',
      'default/reviews-v3-0',
      'istio-system/istio-ingressgateway-0',
    ]);
    await until('every proxy is Synced', async () => {
      const status = (await (await fetch(`${cp?.url ?? ''}/v1/proxy-status`)).json()) as ProxyStatus[];
      return status.length === 7 && status.every((s) => s.state === 'Synced');
    });
  });

  it('spreads reviews over v1, v2 and v3 without a VirtualService, and sends all to v1 with virtual-service-all-v1', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(await reviewsPod());
    expect([...seen].sort()).toEqual(['reviews-v1-0', 'reviews-v2-0', 'reviews-v3-0']);
    apply('virtual-service-all-v1.yaml', sample('networking/virtual-service-all-v1.yaml'));
    await until('only reviews v1 serves', async () => {
      for (let i = 0; i < 10; i++) if ((await reviewsPod()) !== 'reviews-v1-0') return false;
      return true;
    });
  });

  /** Signs jason in through the gateway; returns his session cookie. */
  const signIn = async (): Promise<string> => {
    const login = await httpRequest(
      gatewayPort,
      '/login',
      {
        host: 'bookinfo.example.com',
        'content-type': 'application/x-www-form-urlencoded',
        referer: '/productpage',
      },
      'POST',
      'username=jason&passwd=jason',
    );
    return (login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  };
  const page = async (headers: Record<string, string>): Promise<string> =>
    (await httpRequest(gatewayPort, '/productpage', { host: 'bookinfo.example.com', ...headers })).body;

  it('sends jason to reviews v2 (black stars) and everyone else to v1 (no stars) with virtual-service-reviews-test-v2', async () => {
    apply('virtual-service-reviews-test-v2.yaml', sample('networking/virtual-service-reviews-test-v2.yaml'));
    const cookie = await signIn();
    expect(cookie).toMatch(/^session=/);
    await until('jason sees black stars', async () =>
      (await page({ cookie })).includes('data-color="black"'),
    );
    for (let i = 0; i < 5; i++) {
      const jason = await page({ cookie });
      expect(jason).toContain('data-color="black"');
      expect(jason).toContain('jason');
      const anonymous = await page({});
      expect(anonymous).toContain('Book Reviews');
      expect(anonymous).not.toContain('class="stars"');
    }
  });

  it("delays jason's ratings by 7 s with virtual-service-ratings-test-delay: his reviews are unavailable after about 6 s", async () => {
    // Istio's "Fault injection" task: productpage gives reviews 3 s and one retry, so the page
    // shows its error after about 6 s, while reviews v2 would have waited 10 s for ratings.
    apply(
      'virtual-service-ratings-test-delay.yaml',
      sample('networking/virtual-service-ratings-test-delay.yaml'),
    );
    const cookie = await signIn();
    const unavailable = 'Sorry, product reviews are currently unavailable for this book.';
    await until(
      'jason’s reviews are unavailable',
      async () => (await page({ cookie })).includes(unavailable),
      90_000,
    );
    const started = Date.now();
    const jason = await page({ cookie });
    const took = Date.now() - started;
    expect(jason).toContain(unavailable);
    expect(took).toBeGreaterThanOrEqual(5_500);
    expect(took).toBeLessThan(8_000);
    const anonymous = await page({});
    expect(anonymous).toContain('Book Reviews');
    expect(anonymous).not.toContain(unavailable);
  }, 150_000);

  it('aborts jason’s ratings calls with virtual-service-ratings-test-abort: his page says ratings are unavailable', async () => {
    apply(
      'virtual-service-ratings-test-abort.yaml',
      sample('networking/virtual-service-ratings-test-abort.yaml'),
    );
    const cookie = await signIn();
    await until('jason’s ratings are unavailable', async () =>
      (await page({ cookie })).includes('Ratings service is currently unavailable'),
    );
    const jason = await page({ cookie });
    expect(jason).toContain('jason');
    expect(jason).not.toContain('Sorry, product reviews are currently unavailable');
    expect(await page({})).not.toContain('Ratings service is currently unavailable');
  }, 90_000);

  it('sends about half of the traffic to reviews v3 (red stars) with virtual-service-reviews-50-v3', async () => {
    apply('virtual-service-reviews-50-v3.yaml', sample('networking/virtual-service-reviews-50-v3.yaml'));
    await until('reviews v3 serves', async () => (await reviewsPod()) === 'reviews-v3-0');
    const pods: string[] = [];
    for (let i = 0; i < 200; i++) pods.push(await reviewsPod());
    const v3 = pods.filter((p) => p === 'reviews-v3-0').length;
    expect(pods.filter((p) => p !== 'reviews-v1-0' && p !== 'reviews-v3-0')).toEqual([]);
    // 50/50 over 200 requests: within ±12 points, about 3 standard deviations.
    expect(v3).toBeGreaterThanOrEqual(76);
    expect(v3).toBeLessThanOrEqual(124);
    apply('virtual-service-all-v1.yaml', sample('networking/virtual-service-all-v1.yaml'));
  });

  it('restarts a killed app and sidecar, drops the endpoint meanwhile, and serves again once they are back', async () => {
    const reviews = platform.instance('default', 'reviews-v1', 0);
    const sidecarPid = reviews?.sidecar.pid;
    const appPid = reviews?.app?.pid;
    if (!reviews || sidecarPid === undefined || appPid === undefined)
      throw new Error('reviews-v1 is not running');
    process.kill(sidecarPid, 'SIGKILL');
    process.kill(appPid, 'SIGKILL');
    await until('both processes restarted', async () =>
      Promise.resolve(
        reviews.sidecar.restarts >= 1 &&
          reviews.app !== undefined &&
          reviews.app.restarts >= 1 &&
          isRunning(reviews),
      ),
    );
    expect(reviews.sidecar.pid).not.toBe(sidecarPid);
    expect(reviews.sidecar.stderr.lines().join('\n')).toContain('exited (SIGKILL)');
    await until('reviews v1 serves again', async () => (await reviewsPod()) === 'reviews-v1-0');
  }, 90_000);
});
