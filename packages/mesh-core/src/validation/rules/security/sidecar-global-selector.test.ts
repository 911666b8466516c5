import { describe, expect, it } from 'vitest';
import { findingsOf, lineOf } from './test-support.ts';

const sidecar = (namespace: string, selector: string): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${namespace}
spec:
${selector}  egress:
  - hosts: ["./*", "istio-system/*"]
`;

const withSelector = '  workloadSelector:\n    labels:\n      app: gateway\n';

describe('KIA1006 root-namespace Sidecar with workloadSelector', () => {
  it('warns at spec/workloadSelector', () => {
    const yaml = sidecar('istio-system', withSelector);
    expect(findingsOf(yaml, { codes: ['KIA1006'] })).toEqual([
      {
        code: 'KIA1006',
        severity: 'warning',
        object: 'Sidecar/istio-system/default',
        path: 'spec/workloadSelector',
        line: lineOf(yaml, 'workloadSelector:'),
      },
    ]);
  });

  it.each([
    { name: 'the selector-less mesh default', yaml: sidecar('istio-system', '') },
    { name: 'a selector in an application namespace', yaml: sidecar('bookinfo', withSelector) },
  ])('accepts $name', ({ yaml }) => {
    expect(findingsOf(yaml, { codes: ['KIA1006'] })).toEqual([]);
  });

  it('follows the configured root namespace', () => {
    expect(
      findingsOf(sidecar('mesh-root', withSelector), {
        codes: ['KIA1006'],
        mesh: { rootNamespace: 'mesh-root' },
      }),
    ).toHaveLength(1);
    expect(
      findingsOf(sidecar('istio-system', withSelector), {
        codes: ['KIA1006'],
        mesh: { rootNamespace: 'mesh-root' },
      }),
    ).toEqual([]);
  });
});
