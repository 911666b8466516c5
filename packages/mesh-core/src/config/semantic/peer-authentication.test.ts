import { describe, it } from 'vitest';
import type { PeerAuthenticationSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

const pa = (spec: PeerAuthenticationSpec) => istio('PeerAuthentication', spec);
const selector = { matchLabels: { app: 'httpbin' } };

describe('PeerAuthentication admission', () => {
  const invalid: (Expected & { name: string; spec: PeerAuthenticationSpec })[] = [
    {
      name: 'port-level mTLS namespace-wide',
      spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { '8080': { mode: 'DISABLE' } } },
      path: 'spec/portLevelMtls',
      mentions: 'selector',
    },
    {
      name: 'port-level mTLS with an empty selector',
      spec: { selector: { matchLabels: {} }, portLevelMtls: { '8080': { mode: 'DISABLE' } } },
      path: 'spec/portLevelMtls',
      mentions: 'portLevelMtls',
    },
    {
      name: 'an empty port-level map',
      spec: { selector, portLevelMtls: {} },
      path: 'spec/portLevelMtls',
      mentions: 'at least one port',
    },
    {
      name: 'port 0',
      spec: { selector, portLevelMtls: { '0': { mode: 'DISABLE' } } },
      path: 'spec/portLevelMtls/0',
      mentions: '1..65535',
    },
    {
      name: 'a port over 65535',
      spec: { selector, portLevelMtls: { '65536': { mode: 'DISABLE' } } },
      path: 'spec/portLevelMtls/65536',
      mentions: 'spec.portLevelMtls[65536]:',
    },
    {
      name: 'a wildcard in the selector',
      spec: { selector: { matchLabels: { app: '*' } } },
      path: 'spec/selector/matchLabels/app',
      mentions: 'wildcard',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(pa(spec)), expected);
  });

  it('warns about a selector without labels', () => {
    expectReported(check(pa({ selector: {} })), {
      code: 'ML0006',
      path: 'spec/selector/matchLabels',
      mentions: 'without labels',
    });
  });

  const accepted: { name: string; spec: PeerAuthenticationSpec }[] = [
    { name: 'mesh-wide STRICT', spec: { mtls: { mode: 'STRICT' } } },
    {
      name: 'port-level mTLS on a workload',
      spec: {
        selector,
        mtls: { mode: 'PERMISSIVE' },
        portLevelMtls: { '8080': { mode: 'STRICT' }, '9090': { mode: 'DISABLE' } },
      },
    },
    { name: 'an empty spec (inherit)', spec: {} },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(pa(spec));
  });
});
