/**
 * A demo app as its own OS process: `node --import tsx main.ts <app> [--version <v>]`, configured by
 * its environment as Bookinfo's containers are (see command.ts). It reads `process.env` itself, as
 * the sidecar's entry point does, because it runs outside the server's composition root. It prints
 * `listening on <host>:<port>` once ready, then one line per request, and stops on SIGTERM/SIGINT.
 */
import { USAGE, parseDemoAppCommand } from './command.ts';
import { startDemoApp } from './server.ts';

const parsed = parseDemoAppCommand(process.argv.slice(2), process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.errors.map((error) => `Error: ${error}`).join('\n')}\n${USAGE}\n`);
  process.exit(2);
}

try {
  const app = await startDemoApp(parsed.options);
  process.stdout.write(`${app.app} ${app.version} listening on ${app.host}:${app.port}\n`);
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
