import { describe, expect, it } from 'vitest';
import { cidrError, isIP, isIPv4, isIPv6, subnetError, unixAddressError } from './addresses.ts';

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
