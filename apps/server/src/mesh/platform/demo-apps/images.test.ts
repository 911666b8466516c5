import { describe, expect, it } from 'vitest';
import { demoAppForImage, describeImage } from './images.ts';

describe('demoAppForImage', () => {
  it.each([
    ['docker.io/istio/examples-bookinfo-productpage-v1:1.20.3', { app: 'productpage', version: 'v1' }],
    ['docker.io/istio/examples-bookinfo-details-v1:1.20.3', { app: 'details', version: 'v1' }],
    ['istio/examples-bookinfo-reviews-v1:1.20.3', { app: 'reviews', version: 'v1' }],
    ['docker.io/istio/examples-bookinfo-reviews-v2', { app: 'reviews', version: 'v2' }],
    ['registry.istio.io/release/examples-bookinfo-reviews-v3:1.20.3', { app: 'reviews', version: 'v3' }],
    ['localhost:5000/examples-bookinfo-ratings-v1:latest', { app: 'ratings', version: 'v1' }],
    ['docker.io/istio/examples-bookinfo-ratings-v-faulty:1.20.3', { app: 'ratings', version: 'v-faulty' }],
    [
      'docker.io/istio/examples-bookinfo-productpage-v1@sha256:0f5bd56c6b6ad1e7a1e36ae7e1bd0e5f6d9f0e0c1a2b3c4d5e6f708192a3b4c5',
      { app: 'productpage', version: 'v1' },
    ],
  ])('%s runs as the built-in demo app', (image, expected) => {
    expect(demoAppForImage(image)).toEqual(expected);
  });

  it.each([
    'docker.io/library/nginx:1.27',
    'docker.io/istio/proxyv2:1.20.3',
    'docker.io/istio/examples-helloworld-v1:1.0',
    'docker.io/istio/examples-bookinfo-mongodb:1.20.3',
    'docker.io/istio/examples-bookinfo-ratings-v2:1.20.3',
    'docker.io/istio/examples-bookinfo-reviews-v4:1.20.3',
  ])('%s is not a demo app', (image) => {
    expect(demoAppForImage(image)).toBeUndefined();
  });
});

describe('describeImage', () => {
  it('says why a Bookinfo image cannot run as a demo app', () => {
    expect(describeImage('docker.io/istio/examples-bookinfo-mysqldb:1.20.3')).toEqual({
      kind: 'unsupported',
      reason: 'examples-bookinfo-mysqldb is a MySQL database (TCP), not an HTTP demo app',
    });
    expect(describeImage('docker.io/istio/examples-bookinfo-details-v2:1.20.3')).toMatchObject({
      kind: 'unsupported',
      reason: expect.stringContaining('www.googleapis.com') as unknown,
    });
    expect(describeImage('docker.io/istio/examples-bookinfo-reviews-v4:1.20.3')).toEqual({
      kind: 'unsupported',
      reason: 'Bookinfo\'s reviews has no version "v4" the demo can run',
    });
  });

  it('knows nothing of images that are not Bookinfo', () => {
    expect(describeImage('ghcr.io/acme/reviews:2.1')).toBeUndefined();
  });
});
