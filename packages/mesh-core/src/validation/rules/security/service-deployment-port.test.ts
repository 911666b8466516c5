import { describe, expect, it } from 'vitest';
import { deployment, service } from './service-fixtures.test-support.ts';
import { findingsOf, lineOf } from './test-support.ts';

const port = (spec: string): string => `  - name: http\n${spec}`;

describe('KIA0701 no Deployment port behind a Service port', () => {
  it('warns at each Service port its Deployment does not expose', () => {
    const yaml = `${service({ ports: `${port('    port: 8080\n')}${port('    port: 9090\n')}` })}${deployment({})}`;
    expect(findingsOf(yaml, { codes: ['KIA0701'] })).toEqual([
      {
        code: 'KIA0701',
        severity: 'warning',
        object: 'Service/shop/web',
        path: 'spec/ports[1]',
        line: lineOf(yaml, 'port: 9090') - 1,
      },
    ]);
  });

  it.each([
    { name: 'port equal to a containerPort', ports: port('    port: 8080\n'), count: 0 },
    {
      name: 'numeric targetPort equal to a containerPort',
      ports: port('    port: 80\n    targetPort: 8080\n'),
      count: 0,
    },
    {
      name: 'named targetPort naming a container port',
      ports: port('    port: 80\n    targetPort: web-http\n'),
      count: 0,
    },
    {
      name: 'numeric targetPort not exposed',
      ports: port('    port: 8080\n    targetPort: 8081\n'),
      count: 1,
    },
    {
      name: 'named targetPort naming no container port',
      ports: port('    port: 8080\n    targetPort: metrics\n'),
      count: 1,
    },
  ])('$name', ({ ports, count }) => {
    expect(findingsOf(`${service({ ports })}${deployment({})}`, { codes: ['KIA0701'] })).toHaveLength(count);
  });

  it('matches the Service selector against the Deployment labels, and uses the first match', () => {
    const first = deployment({
      name: 'web-v1',
      labels: '    app: web\n',
      ports: '        - containerPort: 9090\n',
    });
    const second = deployment({ name: 'web-v2', labels: '    app: web\n' });
    expect(
      findingsOf(`${service({ ports: port('    port: 8080\n') })}${first}${second}`, { codes: ['KIA0701'] }),
    ).toHaveLength(1);
    const unlabelled = deployment({ labels: '    team: shop\n' });
    expect(
      findingsOf(`${service({ ports: port('    port: 9999\n') })}${unlabelled}`, { codes: ['KIA0701'] }),
    ).toEqual([]);
  });

  it.each([
    {
      name: 'Services without selector',
      yaml: `${service({ ports: port('    port: 9999\n'), selector: '' })}${deployment({})}`,
    },
    { name: 'Services without Deployment', yaml: service({ ports: port('    port: 9999\n') }) },
    {
      name: 'Services of the control plane namespace',
      yaml: `${service({ ports: port('    port: 9999\n'), namespace: 'istio-system' })}${deployment({ namespace: 'istio-system' })}`,
    },
    {
      name: 'gateway Services',
      yaml: `${service({ ports: port('    port: 9999\n'), labels: '    istio: ingressgateway\n' })}${deployment({})}`,
    },
    {
      name: 'waypoint Services',
      yaml: `${service({ ports: port('    port: 9999\n'), labels: '    gateway.istio.io/managed: istio.io-mesh-controller\n' })}${deployment({})}`,
    },
  ])('skips $name', ({ yaml }) => {
    expect(findingsOf(yaml, { codes: ['KIA0701'] })).toEqual([]);
  });
});
