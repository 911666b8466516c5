import { describe, expect, it } from 'vitest';
import { shadowAuthority } from './mirror.ts';

describe("Envoy's shadow authority", () => {
  it('appends -shadow to the host, before the port', () => {
    expect(shadowAuthority('httpbin:8000')).toBe('httpbin-shadow:8000');
    expect(shadowAuthority('httpbin.default.svc.cluster.local')).toBe(
      'httpbin.default.svc.cluster.local-shadow',
    );
    expect(shadowAuthority('[::1]')).toBe('[::1]-shadow');
  });
});
