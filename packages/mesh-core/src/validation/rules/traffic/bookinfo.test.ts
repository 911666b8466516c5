/**
 * Istio's Bookinfo sample, as its tasks apply it: the platform manifest, the DestinationRules
 * with every subset, and each networking sample in turn gives no KIA error; the samples that
 * need more than the platform (a ratings v2 database, details v2, cert-manager) get what their
 * task deploys, and without it give the error Kiali gives.
 */
import { describe, expect, it } from 'vitest';
import { analyzeManifests, DocumentValidator } from '../../analyze.ts';
import type { Manifest } from './test-support.ts';
import { bookinfo, bookinfoNetworkingFiles, deployment, kiaFindings, positionOf } from './test-support.ts';

const platform = (): Manifest[] => [
  bookinfo('platform/bookinfo.yaml'),
  bookinfo('networking/destination-rule-all.yaml'),
];

/** What each sample's task deploys besides the platform manifest. */
const extraFor: Readonly<Record<string, string>> = {
  'virtual-service-details-v2.yaml': deployment({ name: 'details', version: 'v2' }),
  'virtual-service-ratings-db.yaml': deployment({ name: 'ratings', version: 'v2' }),
  'virtual-service-ratings-mysql.yaml': deployment({ name: 'ratings', version: 'v2-mysql' }),
  'virtual-service-ratings-mysql-vm.yaml': deployment({ name: 'ratings', version: 'v2-mysql-vm' }),
  'certmanager-gateway.yaml': `apiVersion: v1
kind: Service
metadata:
  name: cert-manager-resolver
  namespace: istio-system
spec:
  ports:
  - name: http
    port: 8089
`,
};

const errorsOf = (inputs: readonly Manifest[]) => kiaFindings(inputs).filter((f) => f.severity === 'error');
/** Errors and warnings: what Kiali shows as more than info. */
const noticeable = (inputs: readonly Manifest[]) =>
  kiaFindings(inputs).filter((f) => f.severity !== 'unknown');

describe('Bookinfo', () => {
  it.each(bookinfoNetworkingFiles())('%s gives no KIA error', (file) => {
    const extra = extraFor[file];
    const inputs = [
      ...platform(),
      bookinfo(`networking/${file}`),
      ...(extra ? [{ file: 'task.yaml', text: extra }] : []),
    ];
    expect(errorsOf(inputs)).toEqual([]);
  });

  it('warns only that no ingress gateway workload runs the Gateway', () => {
    expect(noticeable([...platform(), bookinfo('networking/bookinfo-gateway.yaml')])).toEqual([
      {
        code: 'KIA0302',
        severity: 'warning',
        object: 'Gateway/default/bookinfo-gateway',
        path: 'spec/selector',
        line: 8,
        column: 3,
      },
    ]);
  });

  it('flags a routed subset whose workloads are not deployed (ratings v2 without its database task)', () => {
    const rules = bookinfo('networking/destination-rule-all.yaml');
    const found = errorsOf([
      bookinfo('platform/bookinfo.yaml'),
      rules,
      bookinfo('networking/virtual-service-ratings-db.yaml'),
    ]);
    expect(found).toEqual([
      {
        code: 'KIA0203',
        severity: 'error',
        object: 'DestinationRule/default/ratings',
        path: 'spec/subsets[1]',
        ...positionOf(rules.text, 'name: v2', 1),
      },
    ]);
  });

  it('does not flag the cert-manager route when nothing describes istio-system', () => {
    expect(errorsOf([...platform(), bookinfo('networking/certmanager-gateway.yaml')])).toEqual([]);
  });

  it('flags the cert-manager route when istio-system is described without cert-manager', () => {
    const sample = bookinfo('networking/certmanager-gateway.yaml');
    const istioSystem = {
      file: 'ns.yaml',
      text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n',
    };
    expect(errorsOf([...platform(), istioSystem, sample])).toEqual([
      {
        code: 'KIA1101',
        severity: 'error',
        object: 'VirtualService/istio-system/cert-manager',
        path: 'spec/http[0]/route[0]/destination/host',
        ...positionOf(sample.text, 'cert-manager-resolver'),
      },
    ]);
  });

  const broken = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviewz
  - route:
    - destination:
        host: reviews
        subset: v4
`;

  it('reports an unknown host and an unknown subset at their line and column', () => {
    const found = noticeable([...platform(), { file: 'broken.yaml', text: broken }]);
    expect(found).toEqual([
      {
        code: 'KIA1101',
        severity: 'error',
        object: 'VirtualService/default/reviews',
        path: 'spec/http[0]/route[0]/destination/host',
        ...positionOf(broken, 'reviewz'),
      },
      {
        code: 'KIA1107',
        severity: 'warning',
        object: 'VirtualService/default/reviews',
        path: 'spec/http[1]/route[0]/destination',
        ...positionOf(broken, 'destination:', 1),
      },
    ]);
  });

  it('gives the editor the same findings for the edited document', () => {
    // The control plane's snapshot of the platform and rules; the editor checks one document against it.
    const { snapshot } = analyzeManifests(platform());
    const edited = new DocumentValidator(snapshot).validate({ file: 'broken.yaml', text: broken });
    expect(
      edited.filter((f) => f.code.startsWith('KIA')).map((f) => `${f.code} ${f.path} ${f.source?.line ?? 0}`),
    ).toEqual([
      `KIA1101 spec/http[0]/route[0]/destination/host ${positionOf(broken, 'reviewz').line}`,
      `KIA1107 spec/http[1]/route[0]/destination ${positionOf(broken, 'destination:', 1).line}`,
    ]);
  });
});
