/**
 * A control plane serving the config API over real HTTP for tests: a real config store in a
 * temporary directory and a platform that has placed nothing (the tests need the registry, not
 * processes).
 */
import { PlacementTable } from '../platform/placement.ts';
import { configApi } from './config-api.ts';
import { ConfigStore } from './config-store/index.ts';
import { tempDir } from './config-store/test-support.ts';
import { compileForWorkload, startControlPlane } from './control-plane.ts';
import type { ProxyStatus } from './push/protocol.ts';

export interface TestServer {
  readonly url: string;
  readonly store: ConfigStore;
  /** What `/api/proxy-status` reports; tests replace its contents. */
  readonly proxies: ProxyStatus[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = tempDir();
  const store = ConfigStore.open(dir.path);
  const platform = new PlacementTable([]);
  const proxies: ProxyStatus[] = [];
  const cp = await startControlPlane({
    store,
    platform,
    host: '127.0.0.1',
    port: 0,
    extraRoutes: [
      configApi(store, {
        proxyStatus: () => proxies,
        compileForWorkload: (namespace, name) => compileForWorkload(store, platform, { namespace, name }),
        maxBodyBytes: 1024 * 1024,
      }),
    ],
  });
  return {
    url: cp.url,
    store,
    proxies,
    close: async () => {
      await cp.close();
      store.close();
      dir.remove();
    },
  };
}
