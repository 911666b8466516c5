import { describe, expect, it } from 'vitest';
import { deployment, docs, kiaChecks, namespaces } from './test-support.ts';

const gateway = (selector: string, namespace = 'default'): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: ${namespace}
spec:${selector}
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
`;

const ingress = deployment({
  name: 'ingress',
  namespace: 'istio-system',
  labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' },
});
const notFound = (namespace = 'default') => ({
  code: 'KIA0302',
  severity: 'warning',
  object: `Gateway/${namespace}/gw`,
  path: 'spec/selector',
});

describe('KIA0302: Gateway selector matches no workload', () => {
  const cases = [
    {
      name: 'a workload in the Gateway namespace',
      yaml: [
        deployment({ name: 'gw', labels: { istio: 'ingressgateway' } }),
        gateway('\n  selector:\n    istio: ingressgateway'),
      ],
      expected: [],
    },
    {
      name: 'a workload in another namespace',
      yaml: [ingress, gateway('\n  selector:\n    istio: ingressgateway')],
      expected: [],
    },
    {
      name: 'all labels of the selector',
      yaml: [ingress, gateway('\n  selector:\n    istio: ingressgateway\n    app: istio-ingressgateway')],
      expected: [],
    },
    {
      name: 'a label value no workload has',
      yaml: [ingress, gateway('\n  selector:\n    istio: egressgateway')],
      expected: [notFound()],
    },
    {
      name: 'one label of two matching',
      yaml: [ingress, gateway('\n  selector:\n    istio: ingressgateway\n    app: other')],
      expected: [notFound()],
    },
    { name: 'no selector, some workload', yaml: [ingress, gateway('')], expected: [] },
    {
      name: 'no workloads at all',
      yaml: [gateway('\n  selector:\n    istio: ingressgateway')],
      expected: [notFound()],
    },
  ];

  it.each(cases)('$name', ({ yaml, expected }) => {
    expect(kiaChecks(docs(namespaces('default', 'istio-system'), ...yaml), { codes: ['KIA0302'] })).toEqual(
      expected,
    );
  });
});
