import { describe, it } from 'vitest';
import type { AuthorizationPolicySpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Rule = NonNullable<AuthorizationPolicySpec['rules']>[number];
const ap = (spec: AuthorizationPolicySpec, meta = {}) => istio('AuthorizationPolicy', spec, meta);
const allow = (...rules: Rule[]) => ap({ action: 'ALLOW', rules });
const r0 = (rest: string) => `spec/rules[0]/${rest}`;

describe('AuthorizationPolicy admission: rules', () => {
  const badRules: (Expected & { name: string; rule: Rule })[] = [
    { name: 'an empty from', rule: { from: [] }, path: r0('from'), mentions: 'from' },
    { name: 'a from without source', rule: { from: [{}] }, path: r0('from[0]/source'), mentions: 'source' },
    {
      name: 'an empty source',
      rule: { from: [{ source: {} }] },
      path: r0('from[0]/source'),
      mentions: 'must not be empty',
    },
    {
      name: 'an empty principal',
      rule: { from: [{ source: { principals: [''] } }] },
      path: r0('from[0]/source/principals[0]'),
      mentions: 'principals[0]',
    },
    {
      name: 'a bad IP block',
      rule: { from: [{ source: { ipBlocks: ['10.0.0.0/40'] } }] },
      path: r0('from[0]/source/ipBlocks[0]'),
      mentions: 'CIDR',
    },
    {
      name: 'a bad remote IP',
      rule: { from: [{ source: { notRemoteIpBlocks: ['1.2.3'] } }] },
      path: r0('from[0]/source/notRemoteIpBlocks[0]'),
      mentions: 'IP address',
    },
    {
      name: 'service accounts with namespaces',
      rule: { from: [{ source: { serviceAccounts: ['ns/sa'], namespaces: ['ns'] } }] },
      path: r0('from[0]/source'),
      mentions: 'serviceAccounts',
    },
    {
      name: 'a wildcard service account',
      rule: { from: [{ source: { serviceAccounts: ['ns/*'] } }] },
      path: r0('from[0]/source/serviceAccounts[0]'),
      mentions: 'wildcard',
    },
    {
      name: 'a service account with two slashes',
      rule: { from: [{ source: { serviceAccounts: ['a/b/c'] } }] },
      path: r0('from[0]/source/serviceAccounts[0]'),
      mentions: 'namespace/serviceAccount',
    },
    { name: 'an empty to', rule: { to: [] }, path: r0('to'), mentions: 'to' },
    {
      name: 'an empty operation',
      rule: { to: [{ operation: {} }] },
      path: r0('to[0]/operation'),
      mentions: 'must not be empty',
    },
    {
      name: 'a port that is not a number',
      rule: { to: [{ operation: { ports: ['http'] } }] },
      path: r0('to[0]/operation/ports[0]'),
      mentions: 'port',
    },
    {
      name: 'a port out of range',
      rule: { to: [{ operation: { notPorts: ['70000'] } }] },
      path: r0('to[0]/operation/notPorts[0]'),
      mentions: '70000',
    },
    {
      name: 'an empty method',
      rule: { to: [{ operation: { methods: [''] } }] },
      path: r0('to[0]/operation/methods[0]'),
      mentions: 'methods[0]',
    },
    {
      name: 'a {**} template that is not last',
      rule: { to: [{ operation: { paths: ['/api/{**}/{*}'] } }] },
      path: r0('to[0]/operation/paths[0]'),
      mentions: '{**}',
    },
    {
      name: 'a brace outside a template',
      rule: { to: [{ operation: { paths: ['/api/{id}'] } }] },
      path: r0('to[0]/operation/paths[0]'),
      mentions: "'{'",
    },
    {
      name: 'a condition without values',
      rule: { when: [{ key: 'source.ip' }] },
      path: r0('when[0]'),
      mentions: 'source.ip',
    },
    {
      name: 'an unknown condition key',
      rule: { when: [{ key: 'request.method', values: ['GET'] }] },
      path: r0('when[0]/key'),
      mentions: 'unknown attribute',
    },
    {
      name: 'a header key without brackets',
      rule: { when: [{ key: 'request.headers', values: ['a'] }] },
      path: r0('when[0]/key'),
      mentions: 'a[b]',
    },
    {
      name: 'a replaced key',
      rule: { when: [{ key: 'destination.labels[app]', values: ['a'] }] },
      path: r0('when[0]/key'),
      mentions: 'workload selector',
    },
    {
      name: 'a bad source.ip value',
      rule: { when: [{ key: 'source.ip', values: ['10.0.0.1', 'not-an-ip'] }] },
      path: r0('when[0]/values[1]'),
      mentions: 'source.ip',
    },
    {
      name: 'a bad destination.port value',
      rule: { when: [{ key: 'destination.port', notValues: ['http'] }] },
      path: r0('when[0]/notValues[0]'),
      mentions: 'destination.port',
    },
    {
      name: 'an empty condition value',
      rule: { when: [{ key: 'request.auth.claims[groups]', values: [''] }] },
      path: r0('when[0]/values[0]'),
      mentions: 'empty',
    },
  ];
  it.each(badRules)('refuses $name', ({ rule, ...expected }) => {
    expectReported(check(allow(rule)), expected);
  });

  const warned: (Expected & { name: string; spec: AuthorizationPolicySpec })[] = [
    {
      name: 'a DENY rule on HTTP attributes only',
      spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] },
      code: 'ML0006',
      path: 'spec/rules[0]',
      mentions: 'TCP ports',
    },
    {
      name: 'a wildcard inside a principal',
      spec: { rules: [{ from: [{ source: { principals: ['cluster.local/ns/*/sa/app'] } }] }] },
      code: 'ML0006',
      path: r0('from[0]/source/principals[0]'),
      mentions: 'literally',
    },
    {
      name: 'a wildcard inside a path',
      spec: { rules: [{ to: [{ operation: { paths: ['/api/*/items'] } }] }] },
      code: 'ML0006',
      path: r0('to[0]/operation/paths[0]'),
      mentions: 'prefix*',
    },
    {
      name: 'a method with a space',
      spec: { rules: [{ to: [{ operation: { methods: ['GET '] } }] }] },
      code: 'ML0006',
      path: r0('to[0]/operation/methods[0]'),
      mentions: 'whitespace',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(ap(spec)), expected);
  });

  const accepted: { name: string; spec: AuthorizationPolicySpec }[] = [
    {
      name: 'a typical ALLOW policy',
      spec: {
        selector: { matchLabels: { app: 'httpbin' } },
        rules: [
          {
            from: [
              { source: { principals: ['cluster.local/ns/default/sa/sleep', '*/sa/curl'] } },
              { source: { namespaces: ['test', 'prod-*'], ipBlocks: ['10.0.0.0/8', '2001:db8::/32'] } },
            ],
            to: [
              {
                operation: {
                  methods: ['GET', 'HEAD'],
                  paths: ['/info*', '*/health', '/api/{*}/items/{**}'],
                  ports: ['8080'],
                  hosts: ['*.example.com'],
                },
              },
            ],
            when: [
              { key: 'request.auth.claims[iss]', values: ['https://accounts.google.com'] },
              { key: 'request.headers[x-token]', notValues: ['guest'] },
              { key: 'source.ip', values: ['10.1.2.3', '10.0.0.0/16'] },
              { key: 'destination.port', values: ['8080'] },
              { key: 'connection.sni', values: ['*.example.com'] },
              { key: 'experimental.envoy.filters.network.mysql_proxy[db.table]', values: ['[update]'] },
            ],
          },
        ],
      },
    },
    {
      name: 'service accounts',
      spec: { rules: [{ from: [{ source: { serviceAccounts: ['ns/sa', 'sa2'] } }] }] },
    },
    {
      name: 'a DENY on a port',
      spec: {
        action: 'DENY',
        rules: [
          { from: [{ source: { notNamespaces: ['prod'] } }], to: [{ operation: { ports: ['3306'] } }] },
        ],
      },
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(ap(spec));
  });
});
