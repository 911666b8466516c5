/**
 * The registered security rules together, over Istio's own files and through the whole pipeline:
 * what they report on known-valid resources, suppression, and re-validation of an edited document.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeManifests } from '../../analyze.ts';
import type { CheckCode } from '../../catalogue.ts';
import { MeshValidator } from '../../validate.ts';
import { securityRules } from '../security.ts';
import { bookinfoPlatform, findingsOf, validationDataset, workload } from './test-support.ts';

/** Every code the security rules report. */
const securityCodes: readonly CheckCode[] = [
  'KIA0002',
  'KIA0003',
  'KIA0004',
  'KIA0101',
  'KIA0102',
  'KIA0104',
  'KIA0105',
  'KIA0106',
  'KIA0204',
  'KIA0205',
  'KIA0206',
  'KIA0207',
  'KIA0208',
  'KIA0401',
  'KIA0501',
  'KIA0505',
  'KIA0506',
  'KIA0601',
  'KIA0602',
  'KIA0701',
  'KIA1004',
  'KIA1006',
];

const bookinfoNetworking = (): { file: string; text: string }[] => {
  const dir = fileURLToPath(
    new URL('../../../../../../third_party/istio/bookinfo/networking/', import.meta.url),
  );
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, text: readFileSync(dir + file, 'utf8') }));
};

describe('security rules', () => {
  it('have unique ids', () => {
    const ids = securityRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('report on Istio validation dataset only what Kiali would report on it in a cluster without httpbin or sleep', () => {
    // Alone, the dataset says nothing of the registry of `default`: only the AuthorizationPolicy's
    // namespace `test`, which does not exist, is reported (KIA0101, warning).
    const summary = (inputs: { file: string; text: string }[]): string[] =>
      findingsOf(inputs, { codes: securityCodes }).map(
        (f) => `${f.code} ${f.severity} ${f.object} ${f.path}`,
      );
    expect(summary(validationDataset())).toEqual([
      'KIA0101 warning AuthorizationPolicy/default/authorization-policy spec/rules[0]/from[1]/source/namespaces[0]',
    ]);
    // With Bookinfo, `default` is described: its security objects select `app: httpbin, version: v1`,
    // where nothing runs (KIA0004, warnings), and principal cluster.local/ns/default/sa/sleep is an
    // account no workload runs as (KIA0106, the one error). Everything else (the Sidecar's `abc/*`,
    // the DestinationRule, the PeerAuthentication's modes) is fine.
    expect(summary([...validationDataset(), bookinfoPlatform()])).toEqual([
      'KIA0004 warning AuthorizationPolicy/default/authorization-policy spec/selector/matchLabels',
      'KIA0106 error AuthorizationPolicy/default/authorization-policy spec/rules[0]/from[0]/source/principals[0]',
      'KIA0101 warning AuthorizationPolicy/default/authorization-policy spec/rules[0]/from[1]/source/namespaces[0]',
      'KIA0004 warning PeerAuthentication/default/valid-peer-authentication spec/selector/matchLabels',
      'KIA0004 warning RequestAuthentication/default/valid-request-authentication spec/selector/matchLabels',
    ]);
  });

  it('report nothing on Istio Bookinfo with each of its networking samples', () => {
    for (const sample of bookinfoNetworking()) {
      expect(findingsOf([bookinfoPlatform(), sample], { codes: securityCodes }), sample.file).toEqual([]);
    }
  });

  it('honour kiali.io/ignore-validations on the object', () => {
    const policy = (
      annotation: string,
    ): string => `${workload({ name: 'reviews', namespace: 'bookinfo' })}apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: p
  namespace: bookinfo
  annotations:
    kiali.io/ignore-validations: "${annotation}"
spec:
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/bookinfo/sa/nobody"]
        namespaces: ["nowhere"]
`;
    expect(findingsOf(policy('KIA0106'), { codes: securityCodes }).map((f) => f.code)).toEqual(['KIA0101']);
    expect(findingsOf(policy(''), { codes: securityCodes })).toEqual([]);
  });

  it('re-validate an edited document against the indexes of the rest of the mesh', () => {
    const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo' })}apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  mtls:
    mode: STRICT
`;
    const { snapshot } = analyzeManifests([{ file: 'mesh.yaml', text: mesh }]);
    const validator = new MeshValidator(snapshot, securityRules);
    expect(validator.validateAll()).toEqual([]);
    const edited = analyzeManifests([
      {
        file: 'edit.yaml',
        text: `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: reviews-too
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  mtls:
    mode: PERMISSIVE
`,
      },
    ]).snapshot.resources;
    expect(
      validator
        .validateEdited(edited)
        .map((f) => `${f.code} ${f.object?.name ?? ''} ${f.path} ${f.source?.line ?? 0}`),
    ).toEqual(['KIA0003 reviews-too spec/selector 7']);
  });
});
