/**
 * `meshlens simulate`: runs a synthetic mesh of N namespaces × M workloads — its metrics
 * exporter, a real Prometheus scraping it every 5 s and the console API over both — prints the
 * URLs, and stops everything on SIGINT or SIGTERM. Invalid options are usage errors (exit 2)
 * naming the option.
 */
import { DEFAULT_WEB_DIST_DIR } from '../console/web/web-route.ts';
import { Command, InvalidArgumentError } from 'commander';
import { startSimulation } from '../simulate/index.ts';
import type { RunningSimulation } from '../simulate/index.ts';

interface SimulateFlags {
  namespaces: number;
  workloads: number;
  seed: number;
  port: number;
  consolePort: number;
  prometheusPort: number;
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description(
      'Run a synthetic mesh (Istio telemetry of N namespaces × M workloads, a real Prometheus ' +
        'scraping it, and the console API) for demos and UI tests.',
    )
    .option('--namespaces <n>', 'simulated namespaces', integerIn(1, 100), 1)
    .option('--workloads <m>', 'workloads per namespace', integerIn(1, 5000), 20)
    .option('--seed <s>', 'seed of the generated mesh (same seed, same mesh)', integerIn(0, 2 ** 32 - 1), 1)
    .option(
      '--port <p>',
      'port of the metrics exporter on 127.0.0.1 (0: any free port)',
      integerIn(0, 65535),
      0,
    )
    .option(
      '--console-port <c>',
      'port of the console API on 127.0.0.1 (0: any free port)',
      integerIn(0, 65535),
      0,
    )
    .option(
      '--prometheus-port <p>',
      "Prometheus's port on 127.0.0.1 (0: any free port)",
      integerIn(0, 65535),
      0,
    )
    .action(async (flags: SimulateFlags) => {
      const say = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      let running: RunningSimulation;
      try {
        running = await startSimulation({
          namespaces: flags.namespaces,
          workloads: flags.workloads,
          seed: flags.seed,
          exporterPort: flags.port,
          consolePort: flags.consolePort,
          webDistDir: DEFAULT_WEB_DIST_DIR,
          prometheusPort: flags.prometheusPort,
          log: say,
        });
      } catch (e) {
        process.stderr.write(`meshlens simulate: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const { mesh } = running;
      const all = mesh.namespaces.join(',');
      say(
        `simulating ${mesh.namespaces.length} namespace(s), ${mesh.workloads.length} workloads, ${mesh.edges.length} edges (seed ${mesh.seed})`,
      );
      say(`metrics:    ${running.exporterUrl}/metrics`);
      say(`prometheus: ${running.prometheusUrl} (pid ${running.prometheusPid})`);
      say(
        `console:    ${running.consoleUrl ?? ''}/graph/namespaces?namespaces=${all}&graphType=versionedApp`,
      );
      say(
        `graph API:  ${running.consoleUrl ?? ''}/api/namespaces/graph?namespaces=${all}&graphType=versionedApp`,
      );
      say('rates appear after two scrapes (about 10 s); Ctrl-C stops everything');
      const stop = (): void => {
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
