/**
 * The entry point of a sidecar process when it runs from its bundle (`bin/build-sidecar.js`): the
 * same `meshlens sidecar` command, without the rest of the CLI. A sidecar runs beside every
 * workload instance, so it loads only the proxy: no TypeScript loader, no validation catalogue.
 */
import { Command } from 'commander';
import { sidecarCommand } from '../../cli/sidecar-command.ts';

const program = new Command('meshlens').exitOverride();
program.addCommand(sidecarCommand().exitOverride().showHelpAfterError());
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // commander has printed the usage error already.
  const code = (error as { exitCode?: unknown }).exitCode;
  process.exitCode = typeof code === 'number' ? (code === 0 ? 0 : 2) : 2;
  if (typeof code !== 'number')
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
}
