import { describe, it } from 'vitest';
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Policy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
const dr = (spec: Partial<DestinationRuleSpec>) => istio('DestinationRule', { host: 'reviews', ...spec });
const policy = (trafficPolicy: Policy) => ({ trafficPolicy });
const tp = (rest: string) => `spec/trafficPolicy/${rest}`;

describe('DestinationRule admission: traffic policies', () => {
  const invalid: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    {
      name: 'tunnel with proxy protocol',
      spec: policy({ tunnel: { targetHost: 'a.com', targetPort: 443 }, proxyProtocol: { version: 'V1' } }),
      path: 'spec/trafficPolicy',
      mentions: 'proxyProtocol',
    },
    {
      name: 'a tunnel protocol',
      spec: policy({ tunnel: { protocol: 'GET', targetHost: 'a.com', targetPort: 443 } }),
      path: tp('tunnel/protocol'),
      mentions: 'CONNECT',
    },
    {
      name: 'a tunnel port',
      spec: policy({ tunnel: { targetHost: 'a.com', targetPort: 0 } }),
      path: tp('tunnel/targetPort'),
      mentions: 'targetPort',
    },
    {
      name: 'a max ejection percent over 100',
      spec: policy({ outlierDetection: { maxEjectionPercent: 120 } }),
      path: tp('outlierDetection/maxEjectionPercent'),
      mentions: 'maxEjectionPercent',
    },
    {
      name: 'a min health percent below 0',
      spec: policy({ outlierDetection: { minHealthPercent: -1 } }),
      path: tp('outlierDetection/minHealthPercent'),
      mentions: 'minHealthPercent',
    },
    {
      name: 'negative consecutive errors',
      spec: policy({ outlierDetection: { consecutive5xxErrors: -3 } }),
      path: tp('outlierDetection/consecutive5xxErrors'),
      mentions: 'non-negative',
    },
    {
      name: 'an interval that is not a duration',
      spec: policy({ outlierDetection: { interval: '5 minutes' } }),
      path: tp('outlierDetection/interval'),
      mentions: 'interval',
    },
    {
      name: 'a base ejection time under 1ms',
      spec: policy({ outlierDetection: { baseEjectionTime: '0s' } }),
      path: tp('outlierDetection/baseEjectionTime'),
      mentions: 'at least 1ms',
    },
    {
      name: 'local origin failures without the split',
      spec: policy({ outlierDetection: { consecutiveLocalOriginFailures: 5 } }),
      path: tp('outlierDetection/consecutiveLocalOriginFailures'),
      mentions: 'splitExternalLocalOriginErrors',
    },
    {
      name: 'an empty connection pool',
      spec: policy({ connectionPool: {} }),
      path: tp('connectionPool'),
      mentions: 'http or tcp',
    },
    {
      name: 'negative max connections',
      spec: policy({ connectionPool: { tcp: { maxConnections: -1 } } }),
      path: tp('connectionPool/tcp/maxConnections'),
      mentions: 'maxConnections',
    },
    {
      name: 'negative pending requests',
      spec: policy({ connectionPool: { http: { http1MaxPendingRequests: -1 } } }),
      path: tp('connectionPool/http/http1MaxPendingRequests'),
      mentions: 'non-negative',
    },
    {
      name: 'a connect timeout in us',
      spec: policy({ connectionPool: { tcp: { connectTimeout: '10us' } } }),
      path: tp('connectionPool/tcp/connectTimeout'),
      mentions: 'connectTimeout',
    },
    {
      name: 'h2 upgrade with client protocol',
      spec: policy({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }),
      path: tp('connectionPool/http/useClientProtocol'),
      mentions: 'UPGRADE',
    },
    {
      name: 'a MUTUAL client TLS without certificates',
      spec: policy({ tls: { mode: 'MUTUAL' } }),
      path: tp('tls/clientCertificate'),
      mentions: 'MUTUAL',
    },
    {
      name: 'credentialName with certificates',
      spec: policy({ tls: { mode: 'SIMPLE', credentialName: 'c', caCertificates: '/ca.pem' } }),
      path: tp('tls'),
      mentions: 'credentialName',
    },
    {
      name: 'skip-verify with a CA',
      spec: policy({ tls: { mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' } }),
      path: tp('tls'),
      mentions: 'insecureSkipVerify',
    },
    {
      name: 'a configmap credential in another namespace',
      spec: policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } }),
      path: tp('tls/credentialName'),
      mentions: 'namespace',
    },
    {
      name: 'port settings without port',
      spec: policy({ portLevelSettings: [{ tls: { mode: 'SIMPLE' } }] }),
      path: tp('portLevelSettings[0]/port'),
      mentions: 'port',
    },
    {
      name: 'empty port settings',
      spec: policy({ portLevelSettings: [{ port: { number: 80 } }] }),
      path: tp('portLevelSettings[0]'),
      mentions: 'portLevelSettings[0]',
    },
    {
      name: 'bad port-level outlier detection',
      spec: policy({
        portLevelSettings: [{ port: { number: 80 }, outlierDetection: { maxEjectionPercent: 101 } }],
      }),
      path: tp('portLevelSettings[0]/outlierDetection/maxEjectionPercent'),
      mentions: '101',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    {
      name: 'deprecated consecutiveErrors',
      spec: policy({ outlierDetection: { consecutiveErrors: 5 } }),
      code: 'ML0006',
      path: tp('outlierDetection/consecutiveErrors'),
      mentions: 'deprecated',
    },
    {
      name: 'a repeated port',
      spec: policy({
        portLevelSettings: [
          { port: { number: 80 }, tls: { mode: 'SIMPLE' } },
          { port: { number: 80 }, tls: { mode: 'DISABLE' } },
        ],
      }),
      code: 'ML0006',
      path: tp('portLevelSettings[1]/port/number'),
      mentions: 'port 80',
    },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const accepted: { name: string; spec: Partial<DestinationRuleSpec> }[] = [
    {
      name: 'a full circuit breaker',
      spec: policy({
        connectionPool: {
          tcp: {
            maxConnections: 100,
            connectTimeout: '30ms',
            idleTimeout: '0s',
            tcpKeepalive: { time: '7200s', interval: '75s' },
          },
          http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
        },
        outlierDetection: {
          consecutive5xxErrors: 1,
          interval: '1s',
          baseEjectionTime: '3m',
          maxEjectionPercent: 100,
        },
      }),
    },
    {
      name: 'ISTIO_MUTUAL and port-level SIMPLE',
      spec: policy({
        tls: { mode: 'ISTIO_MUTUAL' },
        portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'a.com' } }],
      }),
    },
    {
      name: 'MUTUAL with a credential',
      spec: policy({ tls: { mode: 'MUTUAL', credentialName: 'client-cert' } }),
    },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(dr(spec));
  });
});
