/** The `--server <url>` option every command that talks to a running Meshlens takes. */
import { InvalidArgumentError, Option } from 'commander';
import { defaultServer } from './server-client.ts';

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`must be an http(s) URL, e.g. ${defaultServer}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

export function serverOption(): Option {
  return new Option('--server <url>', 'the Meshlens control plane to talk to')
    .env('MESHLENS_SERVER')
    .argParser(serverUrl)
    .default(defaultServer);
}

export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
