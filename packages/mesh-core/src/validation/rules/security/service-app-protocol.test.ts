import { describe, expect, it } from 'vitest';
import { deployment, service } from './service-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const withAppProtocol = (appProtocol: string, extra = ''): string =>
  `${service({ ports: `  - port: 8080\n    name: web\n    appProtocol: ${appProtocol}\n${extra}` })}${deployment({})}`;

describe('KIA0602 Service port appProtocol not a known protocol', () => {
  it.each([
    'http',
    'HTTP',
    'http2',
    'grpc',
    'grpc-web',
    'https',
    'tls',
    'tcp',
    'mongo',
    'redis',
    'mysql',
    'kubernetes.io/h2c',
    'kubernetes.io/ws',
    'kubernetes.io/wss',
  ])('accepts %s (and does not ask the name to follow the form)', (appProtocol) => {
    expect(findingsOf(withAppProtocol(appProtocol), { codes: ['KIA0601', 'KIA0602'] })).toEqual([]);
  });

  it.each(['http-web', 'kafka', 'h2c', '""'])('reports %s as an error at the port', (appProtocol) => {
    const yaml = withAppProtocol(appProtocol);
    expect(findingsOf(yaml, { codes: ['KIA0601', 'KIA0602'] })).toEqual([
      {
        code: 'KIA0602',
        severity: 'error',
        object: 'Service/shop/web',
        path: 'spec/ports[0]',
        line: lineOf(yaml, '- port: 8080'),
      },
    ]);
  });

  it.each([
    { name: 'UDP ports', yaml: withAppProtocol('kafka', '    protocol: UDP\n') },
    {
      name: 'Services without sidecar pods',
      yaml: service({ ports: '  - port: 8080\n    appProtocol: kafka\n' }),
    },
  ])('does not check $name', ({ yaml }) => {
    expect(findingsOf(yaml, { codes: ['KIA0602'] })).toEqual([]);
  });
});
