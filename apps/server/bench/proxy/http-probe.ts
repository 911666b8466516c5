/** One-off HTTP requests of the benchmark's parent: readiness probes and the end-to-end check. */
import { request } from 'node:http';

export interface ProbeResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function httpGet(
  url: string,
  headers: Readonly<Record<string, string>> = {},
  timeoutMs = 2_000,
): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** True when GET `url` answers 200. */
export async function answers200(
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  return (await httpGet(url, headers)).status === 200;
}
