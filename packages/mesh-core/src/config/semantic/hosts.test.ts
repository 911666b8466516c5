import { describe, expect, it } from 'vitest';
import { cidrError, isIP, isIPv4, isIPv6, subnetError, unixAddressError } from './addresses.ts';
import { fqdnError, gatewayNameProblems, hostSubsetOf, hostsMatch, namespacedHostErrors, partialWildcardError, wildcardDomainError } from './hosts.ts';

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

describe('addresses', () => {
  const ips: [string, boolean][] = [
    ['10.0.0.1', true],
    ['255.255.255.255', true],
    ['256.0.0.1', false],
    ['01.2.3.4', false],
    ['1.2.3', false],
    ['::1', true],
    ['::', true],
    ['2001:db8::1', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['::ffff:10.0.0.1', true],
    ['fe80::1%eth0', true],
    ['2001:db8:::1', false],
    ['1:2:3:4:5:6:7:8:9', false],
    ['12345::1', false],
    ['localhost', false],
  ];
  it.each(ips)('IP %j', (text, ok) => {
    expect(isIP(text)).toBe(ok);
  });

  it('tells the families apart', () => {
    expect(isIPv4('10.0.0.1')).toBe(true);
    expect(isIPv6('10.0.0.1')).toBe(false);
  });

  it('CIDR blocks and subnets', () => {
    expect(cidrError('10.0.0.0/8')).toBeUndefined();
    expect(cidrError('2001:db8::/129')).toContain('not a valid CIDR');
    expect(cidrError('10.0.0.0/08')).toContain('not a valid CIDR');
    expect(subnetError('10.0.0.1')).toBeUndefined();
    expect(subnetError('10.0.0.0/8/8')).toContain('not a valid IP');
  });

  it('unix socket paths', () => {
    expect(unixAddressError('/var/run/a.sock')).toBeUndefined();
    expect(unixAddressError('@abstract')).toBeUndefined();
    expect(unixAddressError('a.sock')).toContain('absolute path');
    expect(unixAddressError('')).toContain('empty');
  });
});
