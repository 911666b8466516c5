import { describe, expect, it } from 'vitest';
import { isProtocolPortName } from './service-port-name.ts';
import { deployment, service } from './service-fixtures.test-support.ts';
import { bookinfoPlatform, findingsOf, lineOf } from './test-support.ts';

const port = (name: string | undefined, extra = ''): string =>
  `  - port: 8080\n${name === undefined ? '' : `    name: ${name}\n`}${extra}`;

describe('KIA0601 Service port name not <protocol>[-suffix]', () => {
  it.each([
    ['http', true],
    ['http-web', true],
    ['http2', true],
    ['grpc-web', true],
    ['grpc-web-api', true],
    ['tcp-db', true],
    ['mysql', true],
    ['https-', true],
    ['HTTP', false],
    ['Http-web', false],
    ['httpweb', false],
    ['web', false],
    ['web-http', false],
    ['', false],
  ])('%j follows the form: %s', (name, valid) => {
    expect(isProtocolPortName(name)).toBe(valid);
  });

  it('reports each badly named or unnamed port of a Service with sidecar pods as an error', () => {
    const yaml = `${service({ ports: `${port('http')}${port('web')}${port(undefined)}` })}${deployment({})}`;
    expect(findingsOf(yaml, { codes: ['KIA0601'] })).toEqual([
      {
        code: 'KIA0601',
        severity: 'error',
        object: 'Service/shop/web',
        path: 'spec/ports[1]',
        line: lineOf(yaml, '- port: 8080', 1),
      },
      {
        code: 'KIA0601',
        severity: 'error',
        object: 'Service/shop/web',
        path: 'spec/ports[2]',
        line: lineOf(yaml, '- port: 8080', 2),
      },
    ]);
  });

  it.each([
    {
      name: 'ports with appProtocol (KIA0602 checks those)',
      yaml: `${service({ ports: port('web', '    appProtocol: http\n') })}${deployment({})}`,
    },
    { name: 'UDP ports', yaml: `${service({ ports: port('dns', '    protocol: UDP\n') })}${deployment({})}` },
    {
      name: 'Services created by the Kiali wizard',
      yaml: `${service({ ports: port('web'), labels: '    kiali_wizard: "true"\n' })}${deployment({})}`,
    },
    { name: 'Services without pods', yaml: service({ ports: port('web') }) },
    {
      name: 'Services whose Deployment has no replicas',
      yaml: `${service({ ports: port('web') })}${deployment({ replicas: 0 })}`,
    },
    {
      name: 'Services whose pods opt out of injection',
      yaml: `${service({ ports: port('web') })}${deployment({ podAnnotations: '        sidecar.istio.io/inject: "false"\n' })}`,
    },
    {
      name: 'Services of a namespace with injection disabled',
      yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: disabled\n---\n${service({ ports: port('web') })}${deployment({})}`,
    },
  ])('does not check $name', ({ yaml }) => {
    expect(findingsOf(yaml, { codes: ['KIA0601'] })).toEqual([]);
  });

  it('checks a selector-less Service against every pod of its namespace, as Kiali does', () => {
    expect(
      findingsOf(`${service({ ports: port('web'), selector: '' })}${deployment({})}`, { codes: ['KIA0601'] }),
    ).toHaveLength(1);
  });

  it('finds nothing in Bookinfo', () => {
    expect(findingsOf([bookinfoPlatform()], { codes: ['KIA0601', 'KIA0602', 'KIA0701'] })).toEqual([]);
  });
});
