import { describe, expect, it } from 'vitest';
import { PrometheusError } from '../../adapters/prometheus/client/index.ts';
import { ConsoleError } from '../errors.ts';
import { errorResponseOf } from './error-handler.ts';

const url = 'http://prom.example:9090';

describe('errorResponseOf', () => {
  it.each<[string, unknown, number, object]>([
    [
      'a refused parameter',
      new ConsoleError('input', 'Invalid graphType [x]', { param: 'graphType' }),
      400,
      { error: 'Invalid graphType [x]', reason: 'input', param: 'graphType' },
    ],
    [
      'an unknown namespace',
      new ConsoleError('not-found', 'Namespace [x] does not exist.'),
      404,
      { error: 'Namespace [x] does not exist.', reason: 'not-found' },
    ],
    [
      'Prometheus unreachable',
      new PrometheusError('upstream', `Prometheus at ${url} is unreachable: ECONNREFUSED`, { url }),
      503,
      { error: `Prometheus at ${url} is unreachable: ECONNREFUSED`, reason: 'unavailable' },
    ],
    [
      'Prometheus timing out a query',
      new PrometheusError('query', `Prometheus at ${url} answered … (timeout)`, {
        url,
        errorType: 'timeout',
      }),
      503,
      { reason: 'unavailable' },
    ],
    [
      'a body parser’s 413',
      Object.assign(new Error('request entity too large'), { status: 413 }),
      413,
      { error: 'request entity too large', reason: 'input' },
    ],
    [
      'a bug',
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      500,
      { error: 'internal error (see the server log)', reason: 'internal' },
    ],
  ])('%s', (_name, error, status, body) => {
    const response = errorResponseOf(error);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject(body);
  });
});
