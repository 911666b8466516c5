import { describe, expect, it } from 'vitest';
import { celRuleSupport, evaluateCelRule } from './cel.ts';
import type { CrdSchema } from './crd-schema.ts';
import { crdSchemas } from './crd-schemas.gen.ts';

function rulesIn(schema: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) rulesIn(item, out);
  else if (typeof schema === 'object' && schema !== null) {
    const validations = (schema as CrdSchema)['x-kubernetes-validations'];
    for (const v of validations ?? []) out.add(v.rule);
    for (const value of Object.values(schema)) rulesIn(value, out);
  }
  return out;
}

const crdRules = [...rulesIn(crdSchemas, new Set())];

interface Examples {
  /** Values of `self` (as CEL sees them: integers as bigint) the rule accepts. */
  readonly holds: readonly unknown[];
  /** Values it refuses, by evaluating to false or by an evaluation error. */
  readonly fails: readonly unknown[];
}

/**
 * Every rule in Istio's CRDs, by its exact text, with values it must accept and refuse. A CRD
 * update that brings a new rule fails the first test below until the rule is added here.
 */
const examples: Readonly<Record<string, Examples>> = {
  "duration(self) >= duration('1ms')": {
    holds: ['1ms', '10s', '1.5s', '1h30m', '0.001s', '1h1µs', '1h1μs'],
    fails: ['0s', '0', '999us', '-1s', 'abc', '5', '10ss', '1mm', '1hs', '1d', '', '3000000h'],
  },
  'self.all(key, !key.contains("*"))': { holds: [{}, { app: 'x' }], fails: [{ 'app*': 'x' }] },
  'self.all(key, key.size() != 0)': { holds: [{ app: 'x' }], fails: [{ '': 'x' }] },
  '!self.contains("*")': { holds: ['reviews'], fails: ['rev*'] },
  '(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': {
    holds: [{}, { workloadSelector: {} }],
    fails: [{ workloadSelector: {}, targetRefs: [] }],
  },
  'has(self.context) ? ((self.context == "WAYPOINT") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)':
    {
      holds: [{}, { context: 'WAYPOINT', waypoint: {} }, { context: 'SIDECAR_INBOUND' }],
      fails: [{ waypoint: {} }, { context: 'WAYPOINT' }, { context: 'GATEWAY', waypoint: {} }],
    },
  '0 < self && self <= 65535': { holds: [1n, 80n, 65535n], fails: [0n, 65536n] },
  'self.size() == 0': { holds: [''], fails: ['other-namespace'] },
  '(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    holds: [{ credentialNames: ['a'] }],
    fails: [{ credentialNames: ['a'], tlsCertificates: [{}] }],
  },
  '(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    holds: [{ credentialName: 'a' }],
    fails: [{ credentialName: 'a', credentialNames: ['b'] }],
  },
  '(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1': {
    holds: [{ tlsCertificates: [{}] }],
    fails: [{ credentialNames: ['a'], tlsCertificates: [{}] }],
  },
  '(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1': {
    holds: [{ endpoints: [] }],
    fails: [{ workloadSelector: {}, endpoints: [] }],
  },
  '!((has(self.addresses) ? self.addresses : []).exists(k, k.contains("/")) && !((has(self.resolution) ? self.resolution : "NONE") in ["STATIC", "NONE"]))':
    {
      holds: [
        { addresses: ['10.0.0.0/8'] },
        { addresses: ['10.0.0.0/8'], resolution: 'STATIC' },
        { addresses: ['10.0.0.1'], resolution: 'DNS' },
      ],
      fails: [{ addresses: ['10.0.0.0/8'], resolution: 'DNS' }],
    },
  '((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true': {
    holds: [{}, { resolution: 'STATIC', endpoints: [] }],
    fails: [{ endpoints: [] }, { resolution: 'NONE', endpoints: [] }],
  },
  '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true':
    {
      holds: [
        { resolution: 'DNS_ROUND_ROBIN', endpoints: [{}] },
        { resolution: 'DNS', endpoints: [{}, {}] },
      ],
      fails: [{ resolution: 'DNS_ROUND_ROBIN', endpoints: [{}, {}] }],
    },
  'has(self.address) || has(self.network)': {
    holds: [{ address: '10.0.0.1' }, { network: 'n1' }],
    fails: [{}],
  },
  '(has(self.address) ? self.address : "").startsWith("unix://") ? !has(self.ports) : true': {
    holds: [{ address: 'unix:///sock' }, { address: '10.0.0.1', ports: { http: 80n } }],
    fails: [{ address: 'unix:///sock', ports: { http: 80n } }],
  },
  'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true': {
    holds: ['unix:///var/run/sock', 'unix://@abstract', '10.0.0.1'],
    fails: ['unix://relative', 'unix://'],
  },
  'self.startsWith("unix://") ? !self.endsWith("/") : true': {
    holds: ['unix:///sock', 'host/'],
    fails: ['unix:///dir/'],
  },
  'self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))': {
    holds: [{ http: 80n, 'grpc-web': 81n }],
    fails: [{ '-http': 80n }, { http_2: 80n }, { [`p${'x'.repeat(62)}`]: 80n }],
  },
  'self != "*"': { holds: ['*.example.com'], fails: ['*'] },
  'self.all(l1, self.exists_one(l2, l1.number == l2.number))': {
    holds: [[{ number: 80n }, { number: 443n }]],
    fails: [[{ number: 80n }, { number: 80n }]],
  },
  'self in ["", "HTTP", "HTTPS"]': { holds: ['', 'HTTP', 'HTTPS'], fails: ['http', 'TCP'] },
  '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': {
    holds: [{ selector: {} }, { targetRefs: [] }],
    fails: [
      { selector: {}, targetRef: {} },
      { targetRef: {}, targetRefs: [] },
    ],
  },
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true':
    {
      holds: [{ serviceAccounts: ['ns/sa'] }, { principals: ['p'], namespaces: ['n'] }],
      fails: [
        { serviceAccounts: ['ns/sa'], principals: ['p'] },
        { notServiceAccounts: ['ns/sa'], notNamespaces: ['n'] },
      ],
    },
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true':
    {
      holds: [{}, { portLevelMtls: { '80': {} }, selector: { matchLabels: { app: 'a' } } }],
      fails: [
        { portLevelMtls: { '80': {} } },
        { portLevelMtls: { '80': {} }, selector: { matchLabels: {} } },
      ],
    },
  'self.all(key, 0 < int(key) && int(key) <= 65535)': {
    holds: [{ '80': {}, '65535': {} }],
    fails: [{ '0': {} }, { '65536': {} }, { http: {} }, { '0x50': {} }],
  },
  '(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1': {
    holds: [{ jwksUri: 'https://x' }, { jwks: '{}' }],
    fails: [
      { jwksUri: 'https://x', jwks: '{}' },
      { jwksUri: 'https://x', jwks_uri: 'https://y' },
    ],
  },
  'url(self).getScheme() in ["http", "https"]': {
    holds: ['https://example.com/.well-known/jwks.json', 'HTTP://example.com:8080/keys', 'http://[::1]:80/k'],
    fails: [
      'ftp://example.com/keys',
      '/keys',
      'example.com/keys',
      'https://example.com:port/keys',
      'https://exa mple.com/',
      '',
    ],
  },
};

describe("CEL rules of Istio's CRDs", () => {
  it('finds the rules', () => {
    expect(crdRules.length).toBeGreaterThanOrEqual(25);
  });

  it('has examples for every rule in the CRDs', () => {
    expect(crdRules.filter((rule) => !(rule in examples))).toEqual([]);
  });

  it.each(crdRules.map((rule) => [rule]))('supports %s', (rule) => {
    expect(celRuleSupport(rule)).toEqual({ ok: true });
  });

  it.each(Object.entries(examples))('evaluates %s as Kubernetes does', (rule, { holds, fails }) => {
    for (const self of holds)
      expect({ self, outcome: evaluateCelRule(rule, self).kind }).toEqual({ self, outcome: 'pass' });
    for (const self of fails) {
      const refused = ['fail', 'error'].includes(evaluateCelRule(rule, self).kind);
      expect({ self, refused }).toEqual({ self, refused: true });
    }
  });
});

describe('evaluateCelRule', () => {
  it("says why a value errs, in Go's words", () => {
    expect(evaluateCelRule("duration(self) >= duration('1ms')", '5')).toEqual({
      kind: 'error',
      error: 'time: missing unit in duration "5"',
    });
    expect(evaluateCelRule('url(self).getScheme() in ["http"]', 'x')).toEqual({
      kind: 'error',
      error: 'URL parse error during conversion from string: parse "x": invalid URI for request',
    });
  });

  it('remembers outcomes by what the rule reads of self, never confusing two inputs', () => {
    const exclusive = '(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1';
    expect(evaluateCelRule(exclusive, { a: 1n, b: {} }).kind).toBe('fail');
    expect(evaluateCelRule(exclusive, { a: 1n }).kind).toBe('pass');
    expect(evaluateCelRule(exclusive, { a: 'x', b: 'y', c: 'z' }).kind).toBe('fail');
    expect(evaluateCelRule(exclusive, { c: 'z' }).kind).toBe('pass');
    const none =
      '((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true';
    expect(evaluateCelRule(none, { resolution: 'DNS', endpoints: [] }).kind).toBe('pass');
    expect(evaluateCelRule(none, { resolution: 'NONE', endpoints: [] }).kind).toBe('fail');
    expect(evaluateCelRule(none, { endpoints: [{ address: 'x' }] }).kind).toBe('fail');
    expect(evaluateCelRule(none, { resolution: 'DNS', endpoints: [{ address: 'x' }] }).kind).toBe('pass');
    const labels = 'self.all(key, !key.contains("*"))';
    expect(evaluateCelRule(labels, { app: 'x' }).kind).toBe('pass');
    expect(evaluateCelRule(labels, { 'app*': 'x' }).kind).toBe('fail');
    expect(evaluateCelRule(labels, { app: 'x' }).kind).toBe('pass');
  });

  it('remembers string outcomes without mixing rules up', () => {
    expect(evaluateCelRule('self != "*"', '*').kind).toBe('fail');
    expect(evaluateCelRule('!self.contains("*")', '*').kind).toBe('fail');
    expect(evaluateCelRule('self != "*"', 'a').kind).toBe('pass');
    expect(evaluateCelRule('self != "*"', '*').kind).toBe('fail');
  });

  it('reports rules it cannot evaluate instead of guessing', () => {
    expect(celRuleSupport('quantity(self).isGreaterThan(quantity("1"))')).toMatchObject({ ok: false });
    expect(celRuleSupport('self.size(')).toMatchObject({ ok: false });
    expect(celRuleSupport('1 + 1')).toEqual({ ok: false, reason: 'rule returns int, not bool' });
    expect(evaluateCelRule('self.size(', 'x').kind).toBe('unsupported');
  });

  it('treats a non-boolean result as an error', () => {
    expect(evaluateCelRule('self.a', { a: 'x' })).toEqual({
      kind: 'error',
      error: 'rule did not evaluate to a bool',
    });
  });

  it('provides Kubernetes URL accessors', () => {
    expect(
      evaluateCelRule('url(self).getHost() == "example.com:8443"', 'https://example.com:8443/x').kind,
    ).toBe('pass');
    expect(evaluateCelRule('url(self).getHostname() == "::1"', 'https://[::1]:8443/x').kind).toBe('pass');
    expect(evaluateCelRule('url(self).getPort() == "8443"', 'https://example.com:8443/x').kind).toBe('pass');
    expect(evaluateCelRule('isURL(self)', '/absolute/path').kind).toBe('pass');
    expect(evaluateCelRule('isURL(self)', 'relative').kind).toBe('fail');
  });
});
