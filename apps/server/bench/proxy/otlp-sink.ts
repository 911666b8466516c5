/**
 * A stand-in trace collector for the proxy benchmark, run as its own process: it answers 200 to
 * every OTLP/HTTP export (any POST) and counts requests, bytes and — for JSON bodies — spans,
 * so the report can show that tracing was on and at which rate. `GET /stats` returns the counts.
 * It listens on an ephemeral port on loopback and prints `{"port": n}` as its first line.
 */
import { createServer } from 'node:http';

const stats = { exports: 0, bytes: 0, spans: 0, paths: [] as string[], contentTypes: [] as string[] };
const spanIdKey = '"spanId"';

function remember(list: string[], value: string): void {
  if (!list.includes(value) && list.length < 10) list.push(value);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const contentType = req.headers['content-type'] ?? '';
    stats.exports++;
    stats.bytes += body.length;
    remember(stats.paths, `${req.method ?? ''} ${req.url ?? ''}`);
    remember(stats.contentTypes, contentType);
    if (contentType.includes('json')) {
      const text = body.toString('utf8');
      // "parentSpanId" does not contain `"spanId"`, so this counts spans (proxies write no links).
      for (let i = text.indexOf(spanIdKey); i >= 0; i = text.indexOf(spanIdKey, i + 1)) stats.spans++;
    }
    res.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : contentType });
    res.end(contentType.includes('json') ? '{}' : undefined);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
