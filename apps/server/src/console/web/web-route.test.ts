import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteServer } from '../../net/route-server.ts';
import { serveRoutes } from '../../net/route-server.ts';
import { webConsoleRoute } from './web-route.ts';

describe('the web console route', () => {
  const dist = mkdtempSync(join(tmpdir(), 'meshlens-web-'));
  let server: RouteServer;
  let unbuilt: RouteServer;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    server = await serveRoutes('127.0.0.1', 0, [webConsoleRoute({ distDir: dist })]);
    unbuilt = await serveRoutes('127.0.0.1', 0, [webConsoleRoute({ distDir: join(dist, 'missing') })]);
  });
  afterAll(async () => {
    await server.close();
    await unbuilt.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app for a bookmarked page path, and its assets cached for good', async () => {
    const page = await fetch(`${server.url}/graph/namespaces?namespaces=default`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const asset = await fetch(`${server.url}/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves API paths and missing assets alone', async () => {
    expect((await fetch(`${server.url}/api/namespaces`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/api/namespaces`)).text()).not.toContain('id="root"');
    expect((await fetch(`${server.url}/assets/gone.js`)).status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    const r = await fetch(`${unbuilt.url}/overview`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run setup');
  });
});
