import { describe, expect, it } from 'vitest';
import type { PeerMetadata } from './peer-metadata.ts';
import {
  base64Decode,
  base64Encode,
  decodePeerMetadata,
  encodePeerMetadata,
  peerMetadataId,
} from './peer-metadata.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('base64', () => {
  // RFC 4648 §10 test vectors.
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('%j ⇄ %j', (plain, encoded) => {
    expect(base64Encode(bytes(plain))).toBe(encoded);
    expect(base64Decode(encoded)).toEqual(bytes(plain));
  });

  it.each(['Zm9v!', 'Z', 'Zm9v Zm9v'])('refuses %j', (text) => {
    expect(base64Decode(text)).toBeUndefined();
  });
});

const reviews: PeerMetadata = {
  name: 'reviews-v2-5b64f47978-abcde',
  namespace: 'bookinfo',
  workloadName: 'reviews-v2',
  clusterId: 'Kubernetes',
  serviceAccount: 'bookinfo-reviews',
  labels: { app: 'reviews', version: 'v2', team: 'équipe-ü' },
};

describe('peer metadata header', () => {
  it('round-trips, including non-ASCII label values', () => {
    expect(decodePeerMetadata(encodePeerMetadata(reviews))).toEqual(reviews);
    const withMesh = { ...reviews, meshId: 'mesh1' };
    expect(decodePeerMetadata(encodePeerMetadata(withMesh))).toEqual(withMesh);
  });

  it("uses Istio's node-metadata key names inside the value", () => {
    const json: unknown = JSON.parse(new TextDecoder().decode(base64Decode(encodePeerMetadata(reviews))));
    expect(json).toMatchObject({
      NAME: reviews.name,
      NAMESPACE: 'bookinfo',
      WORKLOAD_NAME: 'reviews-v2',
      CLUSTER_ID: 'Kubernetes',
      SERVICE_ACCOUNT: 'bookinfo-reviews',
      LABELS: { app: 'reviews', version: 'v2' },
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not base64', '%%%'],
    ['not JSON', base64Encode(bytes('{nope'))],
    ['JSON without a workload', base64Encode(bytes('{"NAME":"a","NAMESPACE":"b"}'))],
    ['a JSON array', base64Encode(bytes('[]'))],
    ['invalid UTF-8', base64Encode(Uint8Array.from([0x7b, 0xff, 0x7d]))],
  ])('treats a %s value as no metadata', (_what, value) => {
    expect(decodePeerMetadata(value)).toBeUndefined();
  });

  it("builds Envoy's sidecar node id", () => {
    expect(peerMetadataId({ ip: '10.244.0.14', podName: 'reviews-v2-abc', namespace: 'bookinfo' })).toBe(
      'sidecar~10.244.0.14~reviews-v2-abc.bookinfo~bookinfo.svc.cluster.local',
    );
  });
});
