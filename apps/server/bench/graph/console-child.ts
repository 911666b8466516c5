/**
 * The graph benchmark's console API, in its own process so that its memory is its own: it
 * regenerates the simulated mesh from the same shape and seed (so no mesh crosses the process
 * boundary), serves the console over a real Prometheus client (answer cache off: every request
 * queries Prometheus), and over IPC answers:
 *
 * - `stats`: its memory and the span of every Prometheus query it made (absolute ms, comparable
 *   with the parent's `performance.timeOrigin + performance.now()`);
 * - `profile`: the graph built again from the last answers Prometheus gave (no I/O), timed apart
 *   from serializing it to JSON.
 */
import { PrometheusClient } from '../../src/adapters/prometheus/client/index.ts';
import type { PrometheusApi } from '../../src/adapters/prometheus/client/index.ts';
import { createConsole } from '../../src/console/index.ts';
import { graphOptionsOf } from '../../src/console/http/params.ts';
import { createGraphService } from '../../src/console/services/graph-service.ts';
import { serveRoutes } from '../../src/net/route-server.ts';
import { generateMesh, simulatedMeshSource } from '../../src/simulate/index.ts';
import type { ChildReply, ChildRequest, ChildSetup, QuerySpan } from './protocol.ts';
import { childSetupSchema } from './protocol.ts';

type VectorApi = Pick<PrometheusApi, 'queryVector'>;
type Vector = Awaited<ReturnType<PrometheusApi['queryVector']>>;

const now = (): number => performance.timeOrigin + performance.now();

function send(reply: ChildReply): void {
  process.send?.(reply);
}

async function main(setup: ChildSetup): Promise<void> {
  const mesh = generateMesh(setup);
  const source = simulatedMeshSource(mesh, setup.startedSec);
  const client = new PrometheusClient({ url: setup.prometheusUrl, cacheTtlMs: 0, timeoutMs: 30_000 });
  const spans: QuerySpan[] = [];
  const last = new Map<string, Vector>();
  const timed: VectorApi = {
    async queryVector(query, options) {
      const startMs = now();
      const answer = await client.queryVector(query, options);
      spans.push({ startMs, endMs: now(), query });
      last.set(query, answer);
      return answer;
    },
  };
  const server = await serveRoutes('127.0.0.1', 0, [createConsole({ prometheus: timed, mesh: source })]);
  const replay: VectorApi = {
    queryVector(query) {
      const answer = last.get(query);
      return answer === undefined
        ? Promise.reject(new Error(`no recorded answer for ${query}`))
        : Promise.resolve(answer);
    },
  };
  const graphOnly = createGraphService({ prometheus: replay, mesh: source });

  process.on('message', (raw: ChildRequest) => {
    void (async () => {
      if (raw.type === 'stats') {
        send({ type: 'stats', memory: process.memoryUsage(), spans });
        return;
      }
      const options = graphOptionsOf(new URLSearchParams(raw.params), Math.floor(Date.now() / 1000));
      const buildMs: number[] = [];
      const jsonMs: number[] = [];
      let bytes = 0;
      for (let i = 0; i < raw.repeat; i++) {
        const t0 = performance.now();
        const graph = await graphOnly.namespaceGraph(options);
        const t1 = performance.now();
        bytes = JSON.stringify(graph).length;
        buildMs.push(t1 - t0);
        jsonMs.push(performance.now() - t1);
      }
      send({ type: 'profile', buildMs, jsonMs, jsonBytes: bytes });
    })().catch((e: unknown) => {
      send({ type: 'error', message: String(e) });
    });
  });
  process.once('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
  send({ type: 'ready', url: server.url });
}

await main(childSetupSchema.parse(JSON.parse(process.argv[2] ?? '{}')));
