import { describe, it } from 'vitest';
import type { AuthorizationPolicySpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

const ap = (spec: AuthorizationPolicySpec, meta = {}) => istio('AuthorizationPolicy', spec, meta);
const r0 = (rest: string) => `spec/rules[0]/${rest}`;

describe('AuthorizationPolicy admission', () => {
  const invalid: (Expected & { name: string; spec: AuthorizationPolicySpec })[] = [
    { name: 'DENY without rules', spec: { action: 'DENY' }, path: 'spec/rules', mentions: 'DENY' },
    {
      name: 'DENY with an empty rule list',
      spec: { action: 'DENY', rules: [] },
      path: 'spec/rules',
      mentions: 'never be triggered',
    },
    {
      name: 'CUSTOM without rules',
      spec: { action: 'CUSTOM', provider: { name: 'ext-authz' } },
      path: 'spec/rules',
      mentions: 'CUSTOM',
    },
    {
      name: 'CUSTOM without provider',
      spec: { action: 'CUSTOM', rules: [{}] },
      path: 'spec/provider/name',
      mentions: 'provider.name',
    },
    {
      name: 'a provider without CUSTOM',
      spec: { action: 'ALLOW', provider: { name: 'ext-authz' }, rules: [{}] },
      path: 'spec/provider',
      mentions: 'CUSTOM',
    },
    {
      name: 'CUSTOM with principals',
      spec: {
        action: 'CUSTOM',
        provider: { name: 'x' },
        rules: [{ from: [{ source: { principals: ['a'] } }] }],
      },
      path: r0('from[0]/source/principals'),
      mentions: 'CUSTOM',
    },
    {
      name: 'CUSTOM with a JWT condition',
      spec: {
        action: 'CUSTOM',
        provider: { name: 'x' },
        rules: [{ when: [{ key: 'request.auth.claims[iss]', values: ['a'] }] }],
      },
      path: r0('when[0]/key'),
      mentions: 'CUSTOM',
    },
    {
      name: 'selector and targetRef',
      spec: {
        selector: { matchLabels: { app: 'a' } },
        targetRef: { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' },
        rules: [{}],
      },
      path: 'spec',
      mentions: 'targetRef',
    },
    {
      name: 'a targetRef to a Deployment',
      spec: { targetRefs: [{ kind: 'Deployment', group: 'apps', name: 'a' }], rules: [{}] },
      path: 'spec/targetRefs[0]',
      mentions: 'Deployment',
    },
    {
      name: 'a cross-namespace targetRef',
      spec: { targetRef: { kind: 'Service', name: 'a', namespace: 'other' }, rules: [{}] },
      path: 'spec/targetRef/namespace',
      mentions: 'namespace',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(ap(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: AuthorizationPolicySpec })[] = [
    {
      name: 'AUDIT without rules',
      spec: { action: 'AUDIT' },
      code: 'ML0006',
      path: 'spec/rules',
      mentions: 'AUDIT',
    },
    {
      name: 'a selector without labels',
      spec: { selector: {}, rules: [{}] },
      code: 'ML0006',
      path: 'spec/selector/matchLabels',
      mentions: 'every workload',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(ap(spec)), expected);
  });

  const accepted: { name: string; spec: AuthorizationPolicySpec }[] = [
    { name: 'allow nothing (no rules)', spec: {} },
    { name: 'deny everything (an empty rule)', spec: { action: 'DENY', rules: [{}] } },
    {
      name: 'a CUSTOM policy',
      spec: {
        action: 'CUSTOM',
        provider: { name: 'ext-authz' },
        rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
      },
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(ap(spec));
  });

  it('refuses a dry-run annotation that is not a boolean', () => {
    const policy = ap({ action: 'DENY', rules: [{}] }, { annotations: { 'istio.io/dry-run': 'yes' } });
    expectReported(check(policy), { path: 'metadata/annotations/istio.io/dry-run', mentions: 'dry-run' });
  });
});
