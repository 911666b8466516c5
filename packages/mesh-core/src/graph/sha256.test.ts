import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('hashes %j as FIPS 180-4 says', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it.each([
    'wl_Kubernetes_bookinfo_reviews-v2',
    'x'.repeat(55),
    'y'.repeat(56),
    'z'.repeat(200),
    'naïve ☃ ids',
  ])('agrees with Node’s crypto for %j', (text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
