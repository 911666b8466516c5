import { describe, it } from 'vitest';
import type { DestinationRuleSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

type Policy = NonNullable<DestinationRuleSpec['trafficPolicy']>;
const dr = (spec: Partial<DestinationRuleSpec>) => istio('DestinationRule', { host: 'reviews', ...spec });
const policy = (trafficPolicy: Policy) => ({ trafficPolicy });
const tp = (rest: string) => `spec/trafficPolicy/${rest}`;

describe('DestinationRule admission', () => {
  const invalid: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    { name: 'an invalid host', spec: { host: 'reviews..svc' }, path: 'spec/host', mentions: 'host' },
    { name: 'duplicate subset names', spec: { subsets: [{ name: 'v1' }, { name: 'v1' }] }, path: 'spec/subsets[1]/name', mentions: 'duplicates subset name "v1"' },
    { name: 'a subset name that is not a label', spec: { subsets: [{ name: 'v1.0' }] }, path: 'spec/subsets[0]/name', mentions: 'subset' },
    { name: 'an empty subset name', spec: { subsets: [{ name: '' }] }, path: 'spec/subsets[0]/name', mentions: 'empty' },
    { name: 'an invalid subset label value', spec: { subsets: [{ name: 'v1', labels: { version: 'v 1' } }] }, path: 'spec/subsets[0]/labels/version', mentions: 'label value' },
    { name: 'an empty traffic policy', spec: policy({}), path: 'spec/trafficPolicy', mentions: 'at least one field' },
    { name: 'an empty subset traffic policy', spec: { subsets: [{ name: 'v1', trafficPolicy: {} }] }, path: 'spec/subsets[0]/trafficPolicy', mentions: 'trafficPolicy' },
    { name: 'tunnel with proxy protocol', spec: policy({ tunnel: { targetHost: 'a.com', targetPort: 443 }, proxyProtocol: { version: 'V1' } }), path: 'spec/trafficPolicy', mentions: 'proxyProtocol' },
    { name: 'a tunnel protocol', spec: policy({ tunnel: { protocol: 'GET', targetHost: 'a.com', targetPort: 443 } }), path: tp('tunnel/protocol'), mentions: 'CONNECT' },
    { name: 'a tunnel port', spec: policy({ tunnel: { targetHost: 'a.com', targetPort: 0 } }), path: tp('tunnel/targetPort'), mentions: 'targetPort' },
    { name: 'a max ejection percent over 100', spec: policy({ outlierDetection: { maxEjectionPercent: 120 } }), path: tp('outlierDetection/maxEjectionPercent'), mentions: 'maxEjectionPercent' },
    { name: 'a min health percent below 0', spec: policy({ outlierDetection: { minHealthPercent: -1 } }), path: tp('outlierDetection/minHealthPercent'), mentions: 'minHealthPercent' },
    { name: 'negative consecutive errors', spec: policy({ outlierDetection: { consecutive5xxErrors: -3 } }), path: tp('outlierDetection/consecutive5xxErrors'), mentions: 'non-negative' },
    { name: 'an interval that is not a duration', spec: policy({ outlierDetection: { interval: '5 minutes' } }), path: tp('outlierDetection/interval'), mentions: 'interval' },
    { name: 'a base ejection time under 1ms', spec: policy({ outlierDetection: { baseEjectionTime: '0s' } }), path: tp('outlierDetection/baseEjectionTime'), mentions: 'at least 1ms' },
    { name: 'local origin failures without the split', spec: policy({ outlierDetection: { consecutiveLocalOriginFailures: 5 } }), path: tp('outlierDetection/consecutiveLocalOriginFailures'), mentions: 'splitExternalLocalOriginErrors' },
    { name: 'an empty connection pool', spec: policy({ connectionPool: {} }), path: tp('connectionPool'), mentions: 'http or tcp' },
    { name: 'negative max connections', spec: policy({ connectionPool: { tcp: { maxConnections: -1 } } }), path: tp('connectionPool/tcp/maxConnections'), mentions: 'maxConnections' },
    { name: 'negative pending requests', spec: policy({ connectionPool: { http: { http1MaxPendingRequests: -1 } } }), path: tp('connectionPool/http/http1MaxPendingRequests'), mentions: 'non-negative' },
    { name: 'a connect timeout in us', spec: policy({ connectionPool: { tcp: { connectTimeout: '10us' } } }), path: tp('connectionPool/tcp/connectTimeout'), mentions: 'connectTimeout' },
    { name: 'h2 upgrade with client protocol', spec: policy({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }), path: tp('connectionPool/http/useClientProtocol'), mentions: 'UPGRADE' },
    { name: 'simple and consistent hash', spec: policy({ loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } }), path: tp('loadBalancer'), mentions: 'simple or consistentHash' },
    { name: 'two hash keys', spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, httpHeaderName: 'x-user' } } }), path: tp('loadBalancer/consistentHash'), mentions: 'httpHeaderName' },
    { name: 'a cookie without name', spec: policy({ loadBalancer: { consistentHash: { httpCookie: { name: '' } } } }), path: tp('loadBalancer/consistentHash/httpCookie/name'), mentions: 'httpCookie' },
    { name: 'ring hash and maglev', spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, ringHash: {}, maglev: { tableSize: 65537 } } } }), path: tp('loadBalancer/consistentHash'), mentions: 'maglev' },
    { name: 'a maglev table that is not prime', spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 1000 } } } }), path: tp('loadBalancer/consistentHash/maglev/tableSize'), mentions: 'prime' },
    { name: 'a maglev table without size', spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: {} } } }), path: tp('loadBalancer/consistentHash/maglev/tableSize'), mentions: 'tableSize' },
    { name: 'minimumRingSize with ringHash', spec: policy({ loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 1024, ringHash: {} } } }), path: tp('loadBalancer/consistentHash/minimumRingSize'), mentions: 'ringHash' },
    { name: 'distribute and failover', spec: policy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'b/*': 100 } }], failover: [{ from: 'a', to: 'b' }] } } }), path: tp('loadBalancer/localityLbSetting'), mentions: 'failover' },
    { name: 'distribute weights not totalling 100', spec: policy({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'b/*': 60, 'c/*': 30 } }] } } }), path: tp('loadBalancer/localityLbSetting/distribute[0]/to'), mentions: '90' },
    { name: 'failover to the same region', spec: policy({ outlierDetection: {}, loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } } }), path: tp('loadBalancer/localityLbSetting/failover[0]'), mentions: 'different regions' },
    { name: 'a warmup aggression below 1', spec: policy({ loadBalancer: { warmup: { duration: '10s', aggression: 0.5 } } }), path: tp('loadBalancer/warmup/aggression'), mentions: 'aggression' },
    { name: 'a MUTUAL client TLS without certificates', spec: policy({ tls: { mode: 'MUTUAL' } }), path: tp('tls/clientCertificate'), mentions: 'MUTUAL' },
    { name: 'credentialName with certificates', spec: policy({ tls: { mode: 'SIMPLE', credentialName: 'c', caCertificates: '/ca.pem' } }), path: tp('tls'), mentions: 'credentialName' },
    { name: 'skip-verify with a CA', spec: policy({ tls: { mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' } }), path: tp('tls'), mentions: 'insecureSkipVerify' },
    { name: 'a configmap credential in another namespace', spec: policy({ tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } }), path: tp('tls/credentialName'), mentions: 'namespace' },
    { name: 'port settings without port', spec: policy({ portLevelSettings: [{ tls: { mode: 'SIMPLE' } }] }), path: tp('portLevelSettings[0]/port'), mentions: 'port' },
    { name: 'empty port settings', spec: policy({ portLevelSettings: [{ port: { number: 80 } }] }), path: tp('portLevelSettings[0]'), mentions: 'portLevelSettings[0]' },
    { name: 'bad port-level outlier detection', spec: policy({ portLevelSettings: [{ port: { number: 80 }, outlierDetection: { maxEjectionPercent: 101 } }] }), path: tp('portLevelSettings[0]/outlierDetection/maxEjectionPercent'), mentions: '101' },
    { name: 'exportTo beyond the namespace with a selector', spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['other'] }, path: 'spec/exportTo', mentions: 'workload selector' },
    { name: 'two exportTo entries with a selector', spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.', 'other'] }, path: 'spec/exportTo', mentions: 'multiple' },
    { name: 'a wildcard in the selector', spec: { workloadSelector: { matchLabels: { app: 'rev*' } } }, path: 'spec/workloadSelector/matchLabels/app', mentions: 'wildcard' },
    { name: 'a duplicate exportTo', spec: { exportTo: ['a', 'a'] }, path: 'spec/exportTo[1]', mentions: 'duplicate' },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const warned: (Expected & { name: string; spec: Partial<DestinationRuleSpec> })[] = [
    { name: 'deprecated consecutiveErrors', spec: policy({ outlierDetection: { consecutiveErrors: 5 } }), code: 'ML0006', path: tp('outlierDetection/consecutiveErrors'), mentions: 'deprecated' },
    { name: 'a consistent hash without key', spec: policy({ loadBalancer: { consistentHash: { ringHash: { minimumRingSize: 1024 } } } }), code: 'ML0006', path: tp('loadBalancer/consistentHash'), mentions: 'hash key' },
    { name: 'failover without outlier detection', spec: policy({ loadBalancer: { localityLbSetting: { failover: [{ from: 'a', to: 'b' }] } } }), code: 'ML0006', path: tp('loadBalancer/localityLbSetting'), mentions: 'outlierDetection' },
    { name: 'a repeated port', spec: policy({ portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE' } }, { port: { number: 80 }, tls: { mode: 'DISABLE' } }] }), code: 'ML0006', path: tp('portLevelSettings[1]/port/number'), mentions: 'port 80' },
    { name: 'a selector without labels', spec: { workloadSelector: {} }, code: 'ML0006', path: 'spec/workloadSelector/matchLabels', mentions: 'without labels' },
  ];
  it.each(warned)('warns about $name', ({ spec, ...expected }) => {
    expectReported(check(dr(spec)), expected);
  });

  const accepted: { name: string; spec: Partial<DestinationRuleSpec> }[] = [
    { name: 'subsets with labels', spec: { subsets: [{ name: 'v1', labels: { version: 'v1', 'app.kubernetes.io/name': 'r' } }, { name: 'v2', labels: { version: 'v2' } }] } },
    { name: 'a wildcard host', spec: { host: '*.example.com' } },
    {
      name: 'a full circuit breaker',
      spec: policy({
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms', idleTimeout: '0s', tcpKeepalive: { time: '7200s', interval: '75s' } }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
      }),
    },
    { name: 'maglev with a prime table', spec: policy({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65537 } } } }) },
    { name: 'locality distribution', spec: policy({ loadBalancer: { localityLbSetting: { enabled: true, distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] } } }) },
    { name: 'ISTIO_MUTUAL and port-level SIMPLE', spec: policy({ tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'a.com' } }] }) },
    { name: 'MUTUAL with a credential', spec: policy({ tls: { mode: 'MUTUAL', credentialName: 'client-cert' } }) },
    { name: 'a selector kept in its namespace', spec: { workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.'] } },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(dr(spec));
  });
});
