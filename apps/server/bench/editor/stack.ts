/**
 * The editor benchmark's server: the console API over a real config store holding the Bookinfo
 * demo (what `meshlens start` installs) plus one long VirtualService, and the built web console,
 * on 127.0.0.1 at a free port. No Prometheus and no platform: the editor needs neither (the
 * graph and health answer empty). `stop()` closes the server and removes the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsole, localMeshState } from '../../src/console/index.ts';
import { webConsoleRoute } from '../../src/console/web/web-route.ts';
import { FakePrometheusApi } from '../../src/console/testing/fake-prometheus-api.ts';
import { ConfigStore } from '../../src/mesh/control-plane/config-store/index.ts';
import { bookinfoDemo } from '../../src/mesh/platform/demo.ts';
import { serveRoutes } from '../../src/net/route-server.ts';

export interface EditorBenchStack {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startEditorBenchStack(options: {
  readonly webDistDir: string;
  /** Applied after the demo: `[file, text]`. */
  readonly extra: ReadonlyArray<readonly [string, string]>;
}): Promise<EditorBenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-editor-bench-'));
  const store = ConfigStore.open(dir);
  try {
    for (const [file, text] of [...bookinfoDemo(), ...options.extra]) {
      const result = store.applyText(text, file);
      if (result.status === 'refused')
        throw new Error(`${file} was refused: ${JSON.stringify(result.findings)}`);
    }
    const route = createConsole({
      prometheus: new FakePrometheusApi(),
      mesh: localMeshState({
        store,
        platform: { instances: () => [] },
        proxyStatus: () => Promise.resolve([]),
      }),
      store,
    });
    const server = await serveRoutes('127.0.0.1', 0, [
      route,
      webConsoleRoute({ distDir: options.webDistDir }),
    ]);
    return {
      url: server.url,
      stop: async () => {
        await server.close();
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
