import { describe, it } from 'vitest';
import type { WorkloadEntrySpec, WorkloadGroupSpec } from '../istio-types.gen.ts';
import type { Expected } from './test-support.ts';
import { check, expectNoErrors, expectReported, istio } from './test-support.ts';

const we = (spec: WorkloadEntrySpec) => istio('WorkloadEntry', spec);
const wg = (spec: Partial<WorkloadGroupSpec>) => istio('WorkloadGroup', { template: {}, ...spec });

describe('WorkloadEntry admission', () => {
  const invalid: (Expected & { name: string; spec: WorkloadEntrySpec })[] = [
    { name: 'no address and no network', spec: {}, path: 'spec/address', mentions: 'required' },
    {
      name: 'an address that is no IP nor name',
      spec: { address: '10.0.0.1:8080' },
      path: 'spec/address',
      mentions: 'FQDN or an IP',
    },
    {
      name: 'a relative unix socket',
      spec: { address: 'unix://run/app.sock' },
      path: 'spec/address',
      mentions: 'absolute path',
    },
    {
      name: 'a unix socket that is a directory',
      spec: { address: 'unix:///run/' },
      path: 'spec/address',
      mentions: 'absolute path',
    },
    {
      name: 'a unix socket with ports',
      spec: { address: 'unix:///run/app.sock', ports: { http: 8080 } },
      path: 'spec/ports',
      mentions: 'unix',
    },
    {
      name: 'a port out of range',
      spec: { address: '10.0.0.1', ports: { http: 0 } },
      path: 'spec/ports/http',
      mentions: 'spec.ports[http]:',
    },
    {
      name: 'a port name that is not a label',
      spec: { address: '10.0.0.1', ports: { http_port: 80 } },
      path: 'spec/ports/http_port',
      mentions: 'port name',
    },
    {
      name: 'an invalid label',
      spec: { address: '10.0.0.1', labels: { '-app': 'x' } },
      path: 'spec/labels/-app',
      mentions: 'label key',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(we(spec)), expected);
  });

  it('warns about an entry reached only through its network', () => {
    expectReported(check(we({ network: 'vpc-1' })), {
      code: 'ML0006',
      path: 'spec/address',
      mentions: 'vpc-1',
    });
  });

  const accepted: { name: string; spec: WorkloadEntrySpec }[] = [
    { name: 'an IPv4 address', spec: { address: '1.2.3.4', ports: { http: 8080 }, labels: { app: 'vm' } } },
    { name: 'an IPv6 address', spec: { address: '2001:db8::10' } },
    { name: 'a DNS name', spec: { address: 'vm1.example.com' } },
    { name: 'a unix socket', spec: { address: 'unix:///var/run/app.sock' } },
    { name: 'an abstract unix socket', spec: { address: 'unix://@app' } },
  ];
  it.each(accepted)('accepts $name', ({ spec }) => {
    expectNoErrors(we(spec));
  });
});

describe('WorkloadGroup admission', () => {
  const invalid: (Expected & { name: string; spec: Partial<WorkloadGroupSpec> })[] = [
    {
      name: 'an invalid metadata label',
      spec: { metadata: { labels: { app: 'a b' } } },
      path: 'spec/metadata/labels/app',
      mentions: 'label value',
    },
    {
      name: 'a negative probe period',
      spec: { probe: { periodSeconds: -1, tcpSocket: { port: 80 } } },
      path: 'spec/probe/periodSeconds',
      mentions: 'periodSeconds',
    },
    {
      name: 'a probe port out of range',
      spec: { probe: { httpGet: { port: 0 } } },
      path: 'spec/probe/httpGet/port',
      mentions: 'port',
    },
    {
      name: 'a probe scheme',
      spec: { probe: { httpGet: { port: 80, scheme: 'FTP' } } },
      path: 'spec/probe/httpGet/scheme',
      mentions: 'HTTPS',
    },
    {
      name: 'an exec probe without command',
      spec: { probe: { exec: { command: [] } } },
      path: 'spec/probe/exec/command',
      mentions: 'required',
    },
    {
      name: 'a probe without a check',
      spec: { probe: { periodSeconds: 5 } },
      path: 'spec/probe',
      mentions: 'httpGet',
    },
  ];
  it.each(invalid)('refuses $name', ({ spec, ...expected }) => {
    expectReported(check(wg(spec)), expected);
  });

  it('accepts a template without address', () => {
    expectNoErrors(
      wg({
        template: { ports: { http: 8080 }, serviceAccount: 'vm' },
        probe: { httpGet: { port: 8080, path: '/ready' } },
      }),
    );
  });
});
