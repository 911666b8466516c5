/**
 * `meshlens apply -f <file|dir|->…`: sends each file to the running server's config API, one
 * change per file in the order given (directories in name order), as kubectl does. Prints
 * kubectl's `<resource>/<name> created|configured|unchanged` lines, and the findings like
 * istioctl. Exit 0: applied; 1: a file refused (the others are still applied); 2: input
 * unreadable or server unreachable.
 */
import { Command } from 'commander';
import { isResourceKind } from '../mesh/control-plane/config-store/object-key.ts';
import { objectReference } from '../mesh/control-plane/kind-names.ts';
import { defaultMaxBytes } from './analyze-command.ts';
import { countFindings, formatFinding } from './format-findings.ts';
import { readInputs } from './read-inputs.ts';
import { applyResultSchema, exitCodes, ServerClient, withServer } from './server-client.ts';
import type { ApplyResultBody } from './server-client.ts';
import { processOutput, serverOption } from './server-option.ts';
import type { Output } from './server-option.ts';

/** kubectl's line for one object of a change; a kind the CLI does not know is shown as given. */
export function objectLine(key: { kind: string; name: string }, outcome: string, dryRun: boolean): string {
  const ref = isResourceKind(key.kind) ? objectReference(key.kind, key.name) : `${key.kind}/${key.name}`;
  return `${ref} ${outcome}${dryRun ? ' (server dry run)' : ''}`;
}

/** Prints a change's object lines and findings; returns whether it was refused. */
export function printResult(
  result: ApplyResultBody,
  io: Output,
  describe: { readonly what: string; readonly outcome?: string },
): boolean {
  for (const o of result.objects) io.out(objectLine(o.key, describe.outcome ?? o.outcome, result.dryRun));
  for (const f of [...result.findings, ...result.related]) io.err(formatFinding(f));
  if (result.status !== 'refused') return false;
  const { errors } = countFindings(result.findings);
  io.err(
    `Error: ${describe.what} was refused: ${errors} error${errors === 1 ? '' : 's'}; nothing was changed`,
  );
  return true;
}

interface ApplyFlags {
  filename: string[];
  namespace?: string;
  dryRun: boolean;
  server: string;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function runApply(flags: ApplyFlags, io: Output): Promise<number> {
  const { inputs, errors } = await readInputs({
    paths: flags.filename,
    maxBytes: defaultMaxBytes,
    stdin: readStdin,
  });
  if (errors.length > 0) {
    for (const e of errors) io.err(`Error: ${e}`);
    return exitCodes.unreachable;
  }
  if (inputs.length === 0) {
    io.err(`Error: no YAML or JSON files in ${flags.filename.join(', ')}`);
    return exitCodes.unreachable;
  }
  const client = new ServerClient(flags.server);
  return withServer(io.err, async () => {
    let refused = false;
    for (const input of inputs) {
      const result = await client.request('/api/config/apply', applyResultSchema, {
        method: 'POST',
        query: {
          dryRun: String(flags.dryRun),
          file: input.file,
          ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
        },
        headers: { 'content-type': 'application/yaml' },
        body: input.text,
        resultStatuses: [422],
      });
      if (printResult(result, io, { what: input.file })) refused = true;
    }
    return refused ? exitCodes.refused : exitCodes.ok;
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function applyCommand(): Command {
  return new Command('apply')
    .description(
      'Apply Istio and Kubernetes resources to the running control plane, like `kubectl apply -f`. ' +
        'Each change is checked against the whole mesh first: one with errors is refused, with its findings.',
    )
    .requiredOption(
      '-f, --filename <path>',
      'YAML or JSON file, directory (read recursively), or - for stdin; repeatable',
      collect,
      [],
    )
    .option('-n, --namespace <name>', 'namespace of resources that do not set one (default "default")')
    .option('--dry-run', 'check the change and show what it would do, changing nothing', false)
    .addOption(serverOption())
    .action(async (flags: ApplyFlags) => {
      process.exitCode = await runApply(flags, processOutput);
    });
}
