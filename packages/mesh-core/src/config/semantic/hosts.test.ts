import { describe, expect, it } from 'vitest';
import {
  fqdnError,
  gatewayNameProblems,
  hostSubsetOf,
  hostsMatch,
  namespacedHostErrors,
  partialWildcardError,
  wildcardDomainError,
} from './hosts.ts';

describe('host syntax', () => {
  const domains: [string, string | undefined][] = [
    ['reviews', undefined],
    ['reviews.bookinfo.svc.cluster.local', undefined],
    ['Reviews.Example.COM', undefined],
    ['istio.io.', undefined],
    ['*', undefined],
    ['*.example.com', undefined],
    ['*-api.example.com', undefined],
    ['foo.*.com', 'label "*" invalid'],
    ['**.example.com', 'label "**" invalid'],
    ['a..b', 'label "" invalid'],
    ['under_score.com', 'label "under_score" invalid'],
    ['example.123', 'all-numeric'],
    ['-a.com', 'label "-a" invalid'],
    ['', 'empty domain name'],
    [`${'a'.repeat(64)}.com`, 'invalid'],
    [`${'a.'.repeat(128)}com`, 'too long'],
  ];
  it.each(domains)('wildcard domain %j', (host, problem) => {
    const err = wildcardDomainError(host);
    if (problem === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(problem);
  });

  it('FQDNs take no wildcard', () => {
    expect(fqdnError('api.example.com')).toBeUndefined();
    expect(fqdnError('*.example.com')).toContain('invalid');
  });

  it('partial wildcards', () => {
    expect(partialWildcardError('*.a.com')).toBeUndefined();
    expect(partialWildcardError('*')).toBeUndefined();
    expect(partialWildcardError('*a.com')).toContain('partial wildcard');
  });

  const namespaced: [string, boolean, string | undefined][] = [
    ['ns/a.example.com', false, undefined],
    ['./*', false, undefined],
    ['~/*', false, undefined],
    ['*/*.example.com', false, undefined],
    ['a.example.com', false, 'namespace/dnsName'],
    ['~/a.example.com', true, 'invalid namespace value "~" in gateway'],
    ['a.example.com', true, undefined],
    ['10.0.0.1', true, undefined],
    ['ns/reviews', true, 'short names'],
    ['/a.com', false, 'cannot be empty'],
  ];
  it.each(namespaced)('namespace/host %j (gateway: %s)', (host, isGateway, problem) => {
    const errors = namespacedHostErrors(host, isGateway);
    if (problem === undefined) expect(errors).toEqual([]);
    else expect(errors.join('; ')).toContain(problem);
  });

  it('gateway references', () => {
    expect(gatewayNameProblems('mesh')).toEqual({ errors: [], warnings: [] });
    expect(gatewayNameProblems('istio-system/ingress')).toEqual({ errors: [], warnings: [] });
    expect(gatewayNameProblems('ingress.istio-system').warnings[0]).toContain('"istio-system/ingress"');
    expect(gatewayNameProblems('ns/').errors[0]).toContain('cannot be empty');
  });

  const matches: [string, string, boolean, boolean][] = [
    // a, b, a matches b, a subset of b
    ['a.com', 'a.com', true, true],
    ['a.com', 'b.com', false, false],
    ['x.a.com', '*.a.com', true, true],
    ['*.a.com', 'x.a.com', true, false],
    ['*.x.a.com', '*.a.com', true, true],
    ['*.a.com', '*.x.a.com', true, false],
    ['*', 'a.com', true, false],
    ['a.com', '*', true, true],
  ];
  it.each(matches)('%s vs %s', (a, b, match, subset) => {
    expect(hostsMatch(a, b)).toBe(match);
    expect(hostSubsetOf(a, b)).toBe(subset);
  });
});
