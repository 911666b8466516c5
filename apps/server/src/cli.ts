/**
 * The `meshlens` command. Each subcommand lives in `cli/`; this file only declares them.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultMaxBytes, outputFormats, runAnalyze } from './cli/analyze-command.ts';
import type { OutputFormat } from './cli/analyze-command.ts';
import { applyCommand } from './cli/apply-command.ts';
import { discoveryCommand } from './cli/discovery-command.ts';
import { deleteCommand, getCommand, historyCommand, rollbackCommand } from './cli/object-commands.ts';
import { proxyConfigCommand, proxyStatusCommand } from './cli/proxy-commands.ts';
import { sidecarCommand } from './cli/sidecar-command.ts';
import { simulateCommand } from './cli/simulate-command.ts';
import { startCommand } from './cli/start-command.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function buildProgram(): Command {
  const program = new Command('meshlens')
    .description('Meshlens: a service mesh and its observability console, configured with Istio resources.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('analyze')
    .description(
      'Validate Istio configuration in files, like `istioctl analyze`: Kubernetes manifests given ' +
        'alongside (Services, Deployments, …) are the registry that host, subset and selector checks use.',
    )
    .argument('<paths...>', 'YAML or JSON files, directories (read recursively), or - for stdin')
    .addOption(new Option('-o, --output <format>', 'output format').choices(outputFormats).default('text'))
    .option('-n, --namespace <name>', 'namespace of resources that do not set one', 'default')
    .option('--max-bytes <n>', 'largest input file accepted, in bytes', positiveInt, defaultMaxBytes)
    .option(
      '--mesh-config <file>',
      'Istio MeshConfig file (rootNamespace, enableAutoMtls, outboundTrafficPolicy), as istioctl --meshConfigFile',
    )
    .action(
      async (
        paths: string[],
        opts: { output: OutputFormat; namespace: string; maxBytes: number; meshConfig?: string },
      ) => {
        process.exitCode = await runAnalyze({
          paths,
          output: opts.output,
          namespace: opts.namespace,
          maxBytes: opts.maxBytes,
          ...(opts.meshConfig !== undefined ? { meshConfig: opts.meshConfig } : {}),
          stdin: readStdin,
          out: (text) => process.stdout.write(`${text}\n`),
          err: (text) => process.stderr.write(`${text}\n`),
        });
      },
    );

  // A command built apart does not inherit the program's settings: exit codes come from main().
  program.addCommand(sidecarCommand().exitOverride().showHelpAfterError());

  program.addCommand(startCommand().exitOverride().showHelpAfterError());
  program.addCommand(discoveryCommand().exitOverride().showHelpAfterError());
  program.addCommand(simulateCommand().exitOverride().showHelpAfterError());

  // Commands that talk to a running Meshlens through its config API (--server).
  for (const command of [
    applyCommand(),
    getCommand(),
    deleteCommand(),
    historyCommand(),
    rollbackCommand(),
    proxyStatusCommand(),
    proxyConfigCommand(),
  ])
    program.addCommand(command.exitOverride().showHelpAfterError());

  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // commander has already printed its message (unknown option, bad value…): usage error.
    const code = (error as { exitCode?: unknown }).exitCode;
    process.exitCode = typeof code === 'number' ? (code === 0 ? 0 : 2) : 2;
    if (typeof code !== 'number')
      process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

await main(process.argv);
