/**
 * The upstream app of the proxy benchmark, run as its own process: every request gets 1,024
 * bytes with Content-Length over keep-alive. It listens on an ephemeral port on loopback and
 * prints `{"port": n}` as its first line. Idle keep-alive connections are kept for two minutes
 * so that no proxy's pooled connection is closed under it between requests.
 */
import { createServer } from 'node:http';

const bodyBytes = 1024;
const body = Buffer.alloc(bodyBytes, 'm');

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': bodyBytes });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
