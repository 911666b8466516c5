#!/usr/bin/env node
// Entry point of the `meshlens` command. `meshlens sidecar` runs the proxy from its bundle with
// plain Node (built on demand, see build-sidecar.js); every other command loads the TypeScript
// sources through tsx.
import { pathToFileURL } from 'node:url';

if (process.argv[2] === 'sidecar') {
  const { ensureSidecarBundle } = await import('./build-sidecar.js');
  await import(pathToFileURL(await ensureSidecarBundle()).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
