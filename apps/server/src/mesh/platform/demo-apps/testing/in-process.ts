/** In-process demo apps for tests: started on port 0, quiet, and all closed together. */
import { createServer } from 'node:net';
import { startDemoApp } from '../server.ts';
import type { DemoAppOptions, RunningDemoApp } from '../server.ts';

export interface DemoApps {
  start(options: Omit<DemoAppOptions, 'port'>): Promise<RunningDemoApp>;
  /** The request log lines of every app started so far. */
  readonly logs: string[];
  closeAll(): Promise<void>;
}

export function demoApps(): DemoApps {
  const running: RunningDemoApp[] = [];
  const logs: string[] = [];
  return {
    logs,
    async start(options) {
      const app = await startDemoApp({ log: (line) => logs.push(line), ...options, port: 0 });
      running.push(app);
      return app;
    },
    async closeAll() {
      await Promise.all(running.splice(0).map((app) => app.close()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on: it was free a moment ago and is closed again. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export function local(port: number): { host: string; port: number } {
  return { host: '127.0.0.1', port };
}
