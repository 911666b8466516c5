/**
 * `meshlens proxy-status` and `meshlens proxy-config routes|clusters|endpoints <pod>[.namespace]`,
 * with istioctl's tables, from the running control plane: what it sent each proxy and whether the
 * proxy acknowledged it, and the config it compiles for one proxy.
 */
import { Command, Option } from 'commander';
import { proxySnapshotSchema } from '@meshlens/mesh-core/routing';
import { podOfNode } from '../mesh/control-plane/control-plane.ts';
import { exitCodes, objectListSchema, proxyStatusSchema, ServerClient, withServer } from './server-client.ts';
import { processOutput, serverOption } from './server-option.ts';
import { clusterRows, endpointRows, routeRows } from './proxy-tables.ts';
import { formatTable } from './table.ts';

const syncWords = { Synced: 'SYNCED', Stale: 'STALE', 'Not sent': 'NOT SENT' } as const;

export function proxyStatusCommand(): Command {
  return new Command('proxy-status')
    .description('Show every proxy the control plane knows and whether its config is in sync, like istioctl.')
    .option('--cluster <id>', 'the CLUSTER column', 'Kubernetes')
    .addOption(serverOption())
    .action(async (flags: { server: string; cluster: string }) => {
      const client = new ServerClient(flags.server);
      const io = processOutput;
      process.exitCode = await withServer(io.err, async () => {
        const { proxies } = await client.request('/api/proxy-status', proxyStatusSchema);
        const rows = proxies
          .map((p) => [
            `${podOfNode(p.node, p.namespace)}.${p.namespace}`,
            flags.cluster,
            syncWords[p.state],
            p.acked ?? p.sent ?? '-',
          ])
          .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
        io.out(formatTable(['NAME', 'CLUSTER', 'CONFIG', 'VERSION'], rows));
        for (const p of proxies)
          if (p.rejected)
            io.err(
              `${podOfNode(p.node, p.namespace)}.${p.namespace} refused revision ${p.rejected.revision}: ${p.rejected.error}`,
            );
        return exitCodes.ok;
      });
    });
}

export const proxyConfigTypes = ['routes', 'clusters', 'endpoints'] as const;
type ProxyConfigType = (typeof proxyConfigTypes)[number];

export function proxyConfigCommand(): Command {
  return new Command('proxy-config')
    .alias('pc')
    .description("Show the config the control plane compiles for one proxy, in istioctl's tables.")
    .addArgument(new Command().createArgument('<type>', 'what to show').choices(proxyConfigTypes))
    .argument('<pod>', 'pod (reviews-v1-0) or workload (reviews-v1), optionally .namespace')
    .option('-n, --namespace <name>', 'namespace when <pod> names none', 'default')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .addOption(serverOption())
    .action(
      async (
        type: ProxyConfigType,
        target: string,
        flags: { namespace: string; output: 'table' | 'json'; server: string },
      ) => {
        const dot = target.indexOf('.');
        const pod = dot === -1 ? target : target.slice(0, dot);
        const namespace = dot === -1 ? flags.namespace : target.slice(dot + 1);
        const client = new ServerClient(flags.server);
        const io = processOutput;
        process.exitCode = await withServer(io.err, async () => {
          const path = `/api/proxy-config/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}`;
          const snapshot = await client.request(path, proxySnapshotSchema);
          if (flags.output === 'json') {
            const part =
              type === 'routes'
                ? snapshot.routeTables
                : type === 'clusters'
                  ? snapshot.clusters
                  : snapshot.clusters.flatMap((c) => c.endpoints.map((e) => ({ cluster: c.name, ...e })));
            io.out(JSON.stringify(part, null, 2));
          } else if (type === 'routes') {
            io.out(
              formatTable(['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'], routeRows(snapshot)),
            );
          } else if (type === 'clusters') {
            const rules = await client.request('/api/config/objects', objectListSchema, {
              query: { kind: 'DestinationRule' },
            });
            const headers = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'];
            io.out(formatTable(headers, clusterRows(snapshot, rules.items)));
          } else {
            io.out(formatTable(['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], endpointRows(snapshot)));
          }
          return exitCodes.ok;
        });
      },
    );
}
