import { describe, expect, it } from 'vitest';
import { analyzeManifests } from '../validation/analyze.ts';
import {
  destinationRule,
  mutual,
  peerAuthentication,
} from '../validation/rules/security/mtls-fixtures.test-support.ts';
import { meshMtlsStatus, namespaceMtlsStatus } from './mtls.ts';
import type { MtlsStatusValue } from './wire.ts';
import { mtlsStatusSchema } from './wire.ts';

function input(yaml: string, autoMtls = true) {
  const { snapshot } = analyzeManifests([{ file: 'mtls.yaml', text: yaml }]);
  return {
    resources: snapshot.resources,
    rootNamespace: 'istio-system',
    clusterDomain: 'cluster.local',
    autoMtls,
  };
}

const meshPa = (mode: string): string =>
  peerAuthentication({ name: 'default', namespace: 'istio-system', mode });
const meshDr = (mode: string): string =>
  destinationRule({ name: 'default', namespace: 'istio-system', host: '*.local', mode });
const nsPa = (mode: string, namespace = 'bookinfo'): string =>
  peerAuthentication({ name: 'default', namespace, mode });
const nsDr = (mode: string): string =>
  destinationRule({ name: 'default', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local', mode });

describe('meshMtlsStatus (GET /api/mesh/tls)', () => {
  it.each<{ name: string; yaml: string; autoMtls?: boolean; status: MtlsStatusValue }>([
    { name: 'no PeerAuthentication nor DestinationRule', yaml: '', status: 'MTLS_NOT_ENABLED' },
    { name: 'STRICT with auto mTLS', yaml: meshPa('STRICT'), status: 'MTLS_ENABLED' },
    {
      name: 'STRICT without auto mTLS nor rule',
      yaml: meshPa('STRICT'),
      autoMtls: false,
      status: 'MTLS_PARTIALLY_ENABLED',
    },
    {
      name: 'STRICT and an ISTIO_MUTUAL *.local rule',
      yaml: meshPa('STRICT') + meshDr('ISTIO_MUTUAL'),
      autoMtls: false,
      status: 'MTLS_ENABLED',
    },
    {
      name: 'STRICT and a MUTUAL *.local rule',
      yaml: meshPa('STRICT') + mutual('*.local'),
      autoMtls: false,
      status: 'MTLS_ENABLED',
    },
    {
      name: 'an ISTIO_MUTUAL rule alone, with auto mTLS',
      yaml: meshDr('ISTIO_MUTUAL'),
      status: 'MTLS_ENABLED',
    },
    {
      name: 'an ISTIO_MUTUAL rule alone, without auto mTLS',
      yaml: meshDr('ISTIO_MUTUAL'),
      autoMtls: false,
      status: 'MTLS_PARTIALLY_ENABLED',
    },
    { name: 'PERMISSIVE (it does not enable)', yaml: meshPa('PERMISSIVE'), status: 'MTLS_PARTIALLY_ENABLED' },
    { name: 'DISABLE with auto mTLS', yaml: meshPa('DISABLE'), status: 'MTLS_DISABLED' },
    {
      name: 'DISABLE and a DISABLE rule',
      yaml: meshPa('DISABLE') + meshDr('DISABLE'),
      autoMtls: false,
      status: 'MTLS_DISABLED',
    },
    { name: 'a DISABLE rule alone', yaml: meshDr('DISABLE'), autoMtls: false, status: 'MTLS_DISABLED' },
    {
      name: 'STRICT but a DISABLE rule',
      yaml: meshPa('STRICT') + meshDr('DISABLE'),
      status: 'MTLS_PARTIALLY_ENABLED',
    },
    { name: 'STRICT in another namespace only', yaml: nsPa('STRICT'), status: 'MTLS_NOT_ENABLED' },
  ])('$name: $status', ({ yaml, autoMtls, status }) => {
    const result = meshMtlsStatus(input(yaml, autoMtls ?? true));
    expect(result).toEqual({ status, autoMTLSEnabled: autoMtls ?? true, minTLS: 'N/A' });
    expect(mtlsStatusSchema.parse(result)).toEqual(result);
  });
});

describe('namespaceMtlsStatus (GET /api/namespaces/{namespace}/tls)', () => {
  it.each<{ name: string; yaml: string; autoMtls?: boolean; status: MtlsStatusValue }>([
    { name: 'nothing in the namespace', yaml: meshPa('STRICT'), status: 'MTLS_NOT_ENABLED' },
    { name: 'STRICT with auto mTLS', yaml: nsPa('STRICT'), status: 'MTLS_ENABLED' },
    {
      name: 'STRICT and an ISTIO_MUTUAL namespace rule',
      yaml: nsPa('STRICT') + nsDr('ISTIO_MUTUAL'),
      autoMtls: false,
      status: 'MTLS_ENABLED',
    },
    {
      name: 'STRICT without auto mTLS nor rule',
      yaml: nsPa('STRICT'),
      autoMtls: false,
      status: 'MTLS_PARTIALLY_ENABLED',
    },
    { name: 'an ISTIO_MUTUAL rule alone', yaml: nsDr('ISTIO_MUTUAL'), status: 'MTLS_PARTIALLY_ENABLED' },
    {
      name: 'DISABLE and a DISABLE rule',
      yaml: nsPa('DISABLE') + nsDr('DISABLE'),
      autoMtls: false,
      status: 'MTLS_DISABLED',
    },
    { name: 'PERMISSIVE', yaml: nsPa('PERMISSIVE'), status: 'MTLS_PARTIALLY_ENABLED' },
    { name: "another namespace's STRICT", yaml: nsPa('STRICT', 'other'), status: 'MTLS_NOT_ENABLED' },
  ])('$name: $status', ({ yaml, autoMtls, status }) => {
    expect(namespaceMtlsStatus(input(yaml, autoMtls ?? true), 'bookinfo')).toEqual({
      status,
      autoMTLSEnabled: autoMtls ?? true,
      minTLS: '',
      cluster: 'Kubernetes',
      namespace: 'bookinfo',
    });
  });

  it("reads no PeerAuthentication for the root namespace: those are the mesh's", () => {
    expect(namespaceMtlsStatus(input(meshPa('STRICT')), 'istio-system').status).toBe('MTLS_NOT_ENABLED');
  });

  it('skips a selector-carrying PeerAuthentication and a rule without TLS', () => {
    const yaml =
      peerAuthentication({ name: 'one', namespace: 'bookinfo', mode: 'DISABLE', app: 'reviews' }) +
      destinationRule({ name: 'plain', namespace: 'bookinfo', host: '*.bookinfo.svc.cluster.local' }) +
      nsPa('STRICT');
    expect(namespaceMtlsStatus(input(yaml), 'bookinfo').status).toBe('MTLS_ENABLED');
  });
});
