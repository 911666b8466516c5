import { describe, it } from 'vitest';
import type { RequestAuthenticationSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type JwtRule = NonNullable<RequestAuthenticationSpec['jwtRules']>[number];
const ra = (...jwtRules: JwtRule[]) =>
  istio('RequestAuthentication', { selector: { matchLabels: { app: 'httpbin' } }, jwtRules });
const issuer = 'testing@secure.istio.io';
const jwks = JSON.stringify({ keys: [{ e: 'AQAB', kid: 'k1', kty: 'RSA', n: 'xyz' }] });
const j0 = (rest: string) => `spec/jwtRules[0]/${rest}`;

describe('RequestAuthentication admission', () => {
  const invalid: (Expected & { name: string; rule: JwtRule })[] = [
    { name: 'no issuer and no jwksUri', rule: { audiences: ['a'] }, path: j0('issuer'), mentions: 'issuer' },
    {
      name: 'a jwksUri with another scheme',
      rule: { issuer, jwksUri: 'ftp://keys.example.com/jwks.json' },
      path: j0('jwksUri'),
      mentions: 'https://',
    },
    {
      name: 'a jwksUri that is a path',
      rule: { issuer, jwksUri: '/jwks.json' },
      path: j0('jwksUri'),
      mentions: 'jwksUri',
    },
    {
      name: 'a jwksUri with a bad port',
      rule: { issuer, jwksUri: 'https://keys.example.com:https/jwks.json' },
      path: j0('jwksUri'),
      mentions: 'port',
    },
    {
      name: 'the snake-case jwks_uri',
      rule: { issuer, jwks_uri: 'keys.example.com' },
      path: j0('jwks_uri'),
      mentions: 'jwks_uri',
    },
    {
      name: 'jwks and jwksUri',
      rule: { issuer, jwks, jwksUri: 'https://keys.example.com/jwks.json' },
      path: 'spec/jwtRules[0]',
      mentions: 'jwks',
    },
    {
      name: 'jwks that is not JSON',
      rule: { issuer, jwks: '{keys: []' },
      path: j0('jwks'),
      mentions: 'jwks parse error',
    },
    {
      name: 'jwks keys without kty',
      rule: { issuer, jwks: '{"keys": [{"kid": "a"}]}' },
      path: j0('jwks'),
      mentions: 'kty',
    },
    {
      name: 'an empty audience',
      rule: { issuer, audiences: [''] },
      path: j0('audiences[0]'),
      mentions: 'audiences[0]',
    },
    {
      name: 'an empty header name',
      rule: { issuer, fromHeaders: [{ name: '' }] },
      path: j0('fromHeaders[0]/name'),
      mentions: 'fromHeaders[0].name',
    },
    {
      name: 'a header name with a space',
      rule: { issuer, fromHeaders: [{ name: 'x token', prefix: 'Bearer ' }] },
      path: j0('fromHeaders[0]/name'),
      mentions: 'header name',
    },
    {
      name: 'an empty query parameter',
      rule: { issuer, fromParams: [''] },
      path: j0('fromParams[0]'),
      mentions: 'fromParams',
    },
    {
      name: 'an empty cookie',
      rule: { issuer, fromCookies: [''] },
      path: j0('fromCookies[0]'),
      mentions: 'fromCookies',
    },
    {
      name: 'a claim header with an underscore',
      rule: { issuer, outputClaimToHeaders: [{ claim: 'sub', header: 'x_sub' }] },
      path: j0('outputClaimToHeaders[0]/header'),
      mentions: 'header name',
    },
    {
      name: 'a claim output without header',
      rule: { issuer, outputClaimToHeaders: [{ claim: 'sub', header: '' }] },
      path: j0('outputClaimToHeaders[0]'),
      mentions: 'claim and header',
    },
    {
      name: 'a payload header with a colon',
      rule: { issuer, outputPayloadToHeader: 'x:payload' },
      path: j0('outputPayloadToHeader'),
      mentions: 'outputPayloadToHeader',
    },
    {
      name: 'a timeout below 1ms',
      rule: { issuer, jwksUri: 'https://a.com/k', timeout: '0s' },
      path: j0('timeout'),
      mentions: 'timeout',
    },
  ];
  it.each(invalid)('refuses $name', ({ rule, ...expected }) => {
    expectReported(check(ra(rule)), expected);
  });

  const accepted: { name: string; rule: JwtRule }[] = [
    { name: 'an issuer alone', rule: { issuer } },
    {
      name: 'a jwksUri alone',
      rule: {
        jwksUri:
          'https://raw.githubusercontent.com/istio/istio/release-1.20/security/tools/jwt/samples/jwks.json',
      },
    },
    { name: 'inline jwks', rule: { issuer, jwks } },
    { name: 'a single inline key', rule: { issuer, jwks: '{"kty": "oct", "k": "abc"}' } },
    {
      name: 'token locations and outputs',
      rule: {
        issuer,
        jwksUri: 'http://keys.default.svc.cluster.local:8080/jwks',
        fromHeaders: [{ name: 'x-jwt-assertion', prefix: 'Bearer ' }],
        fromParams: ['access_token'],
        fromCookies: ['session'],
        outputPayloadToHeader: 'x-jwt-payload',
        outputClaimToHeaders: [{ claim: 'sub', header: 'x-sub' }],
        forwardOriginalToken: true,
        timeout: '5s',
      },
    },
  ];
  it.each(accepted)('accepts $name', ({ rule }) => {
    expectNoErrors(ra(rule));
  });

  it('refuses a selector with targetRefs', () => {
    const res = istio('RequestAuthentication', {
      selector: { matchLabels: { app: 'a' } },
      targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }],
    });
    expectReported(check(res), { path: 'spec', mentions: 'selector' });
  });
});
