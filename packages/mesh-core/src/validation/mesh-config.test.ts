import { describe, expect, it } from 'vitest';
import { readMeshConfig } from './mesh-config.ts';

describe('readMeshConfig', () => {
  it('reads the settings validation depends on and ignores the rest of MeshConfig', () => {
    const text = `rootNamespace: mesh-root
enableAutoMtls: false
outboundTrafficPolicy:
  mode: REGISTRY_ONLY
accessLogFile: /dev/stdout
defaultConfig:
  holdApplicationUntilProxyStarts: true
`;
    expect(readMeshConfig(text, 'mesh.yaml')).toEqual({
      ok: true,
      options: { rootNamespace: 'mesh-root', autoMtls: false, outboundTrafficPolicy: 'REGISTRY_ONLY' },
    });
    expect(readMeshConfig('', 'mesh.yaml')).toEqual({ ok: true, options: {} });
  });

  it.each([
    [
      'outboundTrafficPolicy:\n  mode: ALLOW_ALL\n',
      /^mesh.yaml:2:9: outboundTrafficPolicy.mode: Invalid option/,
    ],
    ['enableAutoMtls: "yes"\n', /^mesh.yaml:1:17: enableAutoMtls: Invalid input: expected boolean/],
    ['rootNamespace: [a\n', /^mesh.yaml:\d+:\d+: YAML syntax error/],
  ])('refuses %j, naming the field and its place', (text, error) => {
    const result = readMeshConfig(text, 'mesh.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
