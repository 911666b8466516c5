/**
 * `meshlens discovery`: the control plane's push server as its own process. `meshlens start` runs
 * it and restarts it when it dies; it can also run by hand against a running server's data
 * directory. SIGTERM or SIGINT closes it.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startDiscovery } from '../mesh/control-plane/discovery.ts';

interface DiscoveryFlags {
  dataDir: string;
  host: string;
  port: number;
  platformUrl: string;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

export function discoveryCommand(): Command {
  return new Command('discovery')
    .description(
      'Run the control plane that compiles and pushes proxy snapshots (started by `meshlens start`).',
    )
    .requiredOption('--data-dir <dir>', 'the data directory holding the config store')
    .requiredOption(
      '--platform-url <url>',
      'the server whose platform places replicas, e.g. http://127.0.0.1:15014',
    )
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port proxies connect to', portNumber, 15010)
    .action(async (flags: DiscoveryFlags) => {
      const log = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      let running: Awaited<ReturnType<typeof startDiscovery>>;
      try {
        running = await startDiscovery({ ...flags, log });
      } catch (e) {
        process.stderr.write(`meshlens discovery: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
