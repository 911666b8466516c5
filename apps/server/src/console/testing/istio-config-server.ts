/**
 * The Istio config endpoints over real HTTP for tests: a real config store in a temporary
 * directory, the router as the console app mounts it (then its JSON 404 and its one error
 * middleware), served on 127.0.0.1, port 0.
 */
import type { Server } from 'node:http';
import express from 'express';
import { ConfigStore } from '../../mesh/control-plane/config-store/index.ts';
import { istioSample, tempDir } from '../../mesh/control-plane/config-store/test-support.ts';
import { consoleErrorHandler, notFoundHandler } from '../http/error-handler.ts';
import { createIstioConfigRouter } from '../http/istio-config-routes.ts';
import { createIstioConfigService } from '../services/istio-config-service.ts';

export interface IstioConfigTestServer {
  readonly url: string;
  readonly store: ConfigStore;
  /** Applies Istio's vendored samples (`bookinfo/platform/bookinfo.yaml`, …) in `namespace`. */
  install(paths: readonly string[], namespace?: string): void;
  close(): Promise<void>;
}

export async function startIstioConfigServer(): Promise<IstioConfigTestServer> {
  const dir = tempDir();
  const store = ConfigStore.open(dir.path);
  const app = express();
  app.use(createIstioConfigRouter({ istioConfig: createIstioConfigService({ store }) }));
  app.use(notFoundHandler);
  app.use(consoleErrorHandler());
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => {
      if (error) reject(error);
      else resolve(s);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    store,
    install(paths, namespace) {
      for (const path of paths) {
        const { file, text } = istioSample(path);
        const result = store.applyText(text, file, namespace === undefined ? {} : { namespace });
        if (result.status === 'refused')
          throw new Error(`${file} was refused: ${JSON.stringify(result.findings)}`);
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      store.close();
      dir.remove();
    },
  };
}
