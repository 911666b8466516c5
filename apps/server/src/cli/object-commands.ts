/**
 * `meshlens get|delete|history|rollback`: one object (or a list) of the running server's config
 * store, named as kubectl names them (`virtualservice`, `virtualservices`, `vs`). Exit 1 when the
 * server refuses (not found, conflict, a rollback with errors); 2 when it cannot be reached.
 */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { printResult } from './apply-command.ts';
import {
  applyResultSchema,
  exitCodes,
  historySchema,
  objectListSchema,
  ServerClient,
  storedObjectSchema,
  withServer,
} from './server-client.ts';
import type { StoredObjectBody } from './server-client.ts';
import { processOutput, serverOption } from './server-option.ts';
import type { Output } from './server-option.ts';
import { age, formatTable } from './table.ts';

export const getFormats = ['table', 'yaml', 'json'] as const;
type GetFormat = (typeof getFormats)[number];

interface ObjectFlags {
  namespace: string;
  server: string;
}

function objectPath(kind: string, namespace: string, name: string, action = ''): string {
  const parts = ['api', 'config', 'objects', kind, namespace, name, ...(action ? [action] : [])];
  return `/${parts.map(encodeURIComponent).join('/')}`;
}

function namespaceOption(): Option {
  return new Option('-n, --namespace <name>', 'namespace of the object').default('default');
}

function printObjects(
  objects: readonly StoredObjectBody[],
  single: boolean,
  format: GetFormat,
  io: Output,
): void {
  const manifests = objects.map((o) => o.manifest);
  const document = single ? manifests[0] : { apiVersion: 'v1', items: manifests, kind: 'List' };
  if (format === 'json') io.out(JSON.stringify(document, null, 2));
  else if (format === 'yaml') io.out(stringify(document).trimEnd());
  else if (objects.length === 0) io.err('No resources found.');
  else {
    const now = new Date();
    const rows = objects.map((o) => [o.key.name, o.resourceVersion, age(o.creationTimestamp, now)]);
    io.out(formatTable(['NAME', 'RESOURCE VERSION', 'AGE'], rows));
  }
}

export function getCommand(): Command {
  return new Command('get')
    .description('Show objects of the running control plane, like `kubectl get`.')
    .argument('<kind>', 'kind: virtualservice, vs, destinationrules, service, …')
    .argument('[name]', 'one object; all of the namespace without it')
    .addOption(namespaceOption())
    .option('-A, --all-namespaces', 'objects of every namespace', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(getFormats).default('table'))
    .addOption(serverOption())
    .action(
      async (
        kind: string,
        name: string | undefined,
        flags: ObjectFlags & { output: GetFormat; allNamespaces: boolean },
      ) => {
        const client = new ServerClient(flags.server);
        const io = processOutput;
        process.exitCode = await withServer(io.err, async () => {
          if (name !== undefined) {
            const found = await client.request(objectPath(kind, flags.namespace, name), storedObjectSchema);
            printObjects([found], true, flags.output, io);
          } else {
            const list = await client.request('/api/config/objects', objectListSchema, {
              query: { kind, ...(flags.allNamespaces ? {} : { namespace: flags.namespace }) },
            });
            printObjects(list.items, false, flags.output, io);
          }
          return exitCodes.ok;
        });
      },
    );
}

export function deleteCommand(): Command {
  return new Command('delete')
    .description(
      'Delete an object from the running control plane. What the deletion leaves dangling is reported.',
    )
    .argument('<kind>', 'kind: virtualservice, vs, destinationrule, …')
    .argument('<name>', 'object name')
    .addOption(namespaceOption())
    .option('--resource-version <version>', 'delete only if the object is still at this version')
    .addOption(serverOption())
    .action(async (kind: string, name: string, flags: ObjectFlags & { resourceVersion?: string }) => {
      const client = new ServerClient(flags.server);
      process.exitCode = await withServer(processOutput.err, async () => {
        const result = await client.request(objectPath(kind, flags.namespace, name), applyResultSchema, {
          method: 'DELETE',
          query: { resourceVersion: flags.resourceVersion },
          resultStatuses: [422],
        });
        return printResult(result, processOutput, { what: `the deletion of ${name}` })
          ? exitCodes.refused
          : exitCodes.ok;
      });
    });
}

export function historyCommand(): Command {
  return new Command('history')
    .description("Show an object's revisions, oldest first, like `kubectl rollout history`.")
    .argument('<kind>', 'kind: virtualservice, vs, destinationrule, …')
    .argument('<name>', 'object name')
    .addOption(namespaceOption())
    .addOption(serverOption())
    .action(async (kind: string, name: string, flags: ObjectFlags) => {
      const client = new ServerClient(flags.server);
      process.exitCode = await withServer(processOutput.err, async () => {
        const { revisions } = await client.request(
          objectPath(kind, flags.namespace, name, 'history'),
          historySchema,
        );
        const rows = revisions.map((r) => [
          r.revision,
          r.operation,
          String(r.generation),
          r.rollbackOf !== undefined ? `rollback to revision ${r.rollbackOf}` : (r.source?.file ?? ''),
          r.timestamp,
        ]);
        processOutput.out(formatTable(['REVISION', 'OPERATION', 'GENERATION', 'CHANGE', 'TIMESTAMP'], rows));
        return exitCodes.ok;
      });
    });
}

export function rollbackCommand(): Command {
  return new Command('rollback')
    .description(
      'Restore the content an object had at one of its revisions, as a new revision, checked like any change.',
    )
    .argument('<kind>', 'kind: virtualservice, vs, destinationrule, …')
    .argument('<name>', 'object name')
    .requiredOption('--to-revision <revision>', 'the revision to restore (see `meshlens history`)')
    .addOption(namespaceOption())
    .option('--dry-run', 'check the rollback, changing nothing', false)
    .addOption(serverOption())
    .action(
      async (kind: string, name: string, flags: ObjectFlags & { toRevision: string; dryRun: boolean }) => {
        const client = new ServerClient(flags.server);
        process.exitCode = await withServer(processOutput.err, async () => {
          const result = await client.request(
            objectPath(kind, flags.namespace, name, 'rollback'),
            applyResultSchema,
            {
              method: 'POST',
              query: { revision: flags.toRevision, dryRun: String(flags.dryRun) },
              resultStatuses: [422],
            },
          );
          const refused = printResult(result, processOutput, {
            what: `the rollback to revision ${flags.toRevision}`,
            outcome: `rolled back to revision ${flags.toRevision}`,
          });
          return refused ? exitCodes.refused : exitCodes.ok;
        });
      },
    );
}
