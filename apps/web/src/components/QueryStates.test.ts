import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { errorTitle } from './QueryStates.tsx';

describe('errorTitle', () => {
  it.each<[unknown, string]>([
    [
      new ApiError('Prometheus at http://p:9090 is unreachable: refused', 'unavailable', 503),
      'Prometheus is down',
    ],
    [new ApiError('Jaeger at http://j:16686 is unreachable: timeout', 'unavailable', 503), 'Jaeger is down'],
    [
      new ApiError('the config store is closed', 'unavailable', 503),
      'Cannot load apps: a backend is unavailable',
    ],
    [
      new ApiError('The Meshlens server cannot be reached (x)', 'network', 0),
      'The Meshlens server cannot be reached',
    ],
    [new ApiError('Namespace [x] does not exist.', 'not-found', 404), 'Apps not found'],
    [new Error('boom'), 'Cannot load apps'],
  ])('%s', (error, title) => {
    expect(errorTitle(error, 'apps')).toBe(title);
  });
});
