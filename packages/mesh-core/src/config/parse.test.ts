import { describe, expect, it } from 'vitest';
import { decodeManifestBytes, parseManifests } from './parse.ts';

const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
`;

describe('parseManifests', () => {
  it('reads resources with their header and defaults the namespace', () => {
    const { resources, findings } = parseManifests(vs, { file: 'vs.yaml' });
    expect(findings).toEqual([]);
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r?.kind).toBe('VirtualService');
    expect(r?.metadata).toMatchObject({ name: 'reviews', namespace: 'default' });
  });

  it('locates any field by path: scalars at their value, collections at their key', () => {
    const [r] = parseManifests(vs, { file: 'vs.yaml' }).resources;
    expect(r?.source?.locate(['spec', 'http', 0, 'route', 0, 'destination', 'host'])).toEqual({
      file: 'vs.yaml',
      line: 11,
      column: 15,
    });
    expect(r?.source?.locate(['spec', 'http'])).toMatchObject({ line: 8, column: 3 });
    expect(r?.source?.locate(['spec', 'http', 0])).toMatchObject({ line: 9, column: 5 });
    // A path past what exists stops at the deepest ancestor found.
    expect(r?.source?.locate(['spec', 'http', 0, 'timeout'])).toMatchObject({ line: 9, column: 5 });
  });

  it('keeps positions per document in multi-document files and JSON', () => {
    const text = `${vs}---\n# comment\n---\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "ns"}}\n`;
    const { resources } = parseManifests(text, { file: 'all.yaml' });
    expect(resources.map((r) => r.kind)).toEqual(['VirtualService', 'Service']);
    expect(resources[1]?.source?.locate(['metadata', 'name'])).toMatchObject({ line: 16, column: 62 });
    expect(resources[1]?.metadata.namespace).toBe('ns');
  });

  it('expands v1 List items and skips kinds it does not read', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: c}
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: sa}
`;
    const { resources, skipped } = parseManifests(text, { file: 'l.yaml' });
    expect(resources.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(['ServiceAccount/sa']);
    expect(skipped).toBe(1);
    expect(resources[0]?.source?.locate(['metadata', 'name'])).toMatchObject({ line: 9, column: 20 });
  });

  it.each([
    ['syntax error', 'a: [1, 2\nb: 3\n', 'ML0001', /YAML syntax error/, 2],
    [
      'duplicate key',
      'apiVersion: v1\nkind: Service\nkind: Service\n',
      'ML0001',
      /Map keys must be unique/,
      3,
    ],
    ['tab indentation', 'a:\n\t- b\n', 'ML0001', /YAML syntax error/, 2],
    ['document that is a list', '- a\n- b\n', 'ML0003', /sequence, not a Kubernetes resource/, 1],
    ['scalar document', 'hello\n', 'ML0003', /scalar, not a Kubernetes resource/, 1],
    ['missing kind', 'apiVersion: v1\nmetadata: {name: a}\n', 'ML0003', /kind is missing/, 1],
    [
      'non-string apiVersion',
      'apiVersion: 1\nkind: Service\nmetadata: {name: a}\n',
      'ML0003',
      /apiVersion is not a string/,
      1,
    ],
    [
      'missing name',
      'apiVersion: v1\nkind: Service\nmetadata: {}\n',
      'ML0003',
      /metadata.name is missing/,
      3,
    ],
  ])('reports %s as a finding with its line', (_name, text, code, message, line) => {
    const { resources, findings } = parseManifests(text, { file: 'bad.yaml' });
    expect(resources).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code, severity: 'error', source: { file: 'bad.yaml', line } });
    expect(findings[0]?.message).toMatch(message);
  });

  it('refuses a YAML alias bomb, naming the limit', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const { findings } = parseManifests(bomb, { file: 'bomb.yaml' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('ML0002');
    expect(findings[0]?.message).toMatch(/maxAliasCount/);
  });

  it('refuses deep nesting, naming the limit, in block and flow style', () => {
    const flow = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const block = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    for (const text of [flow, block]) {
      const { findings } = parseManifests(text, { file: 'deep.yaml' });
      expect(findings).toHaveLength(1);
      expect(findings[0]?.code).toBe('ML0002');
      expect(findings[0]?.message).toMatch(/maxDepth/);
    }
  });

  it('refuses input over the size limit before parsing it', () => {
    const { findings } = parseManifests('a: 1\n'.repeat(100), {
      file: 'big.yaml',
      limits: { maxBytes: 100 },
    });
    expect(findings[0]?.code).toBe('ML0002');
    expect(findings[0]?.message).toMatch(/500 bytes, over the limit of 100 bytes \(maxBytes\)/);
  });

  it('refuses too many documents', () => {
    const { findings } = parseManifests('a: 1\n---\n'.repeat(20), {
      file: 'many.yaml',
      limits: { maxDocuments: 10 },
    });
    expect(findings[0]?.message).toMatch(/maxDocuments/);
  });
});

describe('decodeManifestBytes', () => {
  it('accepts UTF-8 with or without BOM and UTF-16 with BOM', () => {
    const utf8 = new TextEncoder().encode('kind: Service\n');
    expect(decodeManifestBytes(utf8, 'a')).toEqual({ ok: true, text: 'kind: Service\n' });
    expect(decodeManifestBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'a')).toEqual({
      ok: true,
      text: 'kind: Service\n',
    });
    const utf16 = new Uint8Array([0xff, 0xfe, 0x6f, 0x00, 0x6b, 0x00]); // BOM, then "ok" in UTF-16LE
    expect(decodeManifestBytes(utf16, 'a')).toEqual({ ok: true, text: 'ok' });
  });

  it('refuses binary and invalid UTF-8 with a clear message', () => {
    const binary = decodeManifestBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]), 'a.out');
    expect(binary.ok).toBe(false);
    if (!binary.ok) expect(binary.finding.message).toMatch(/a.out is a binary file/);
    const latin1 = decodeManifestBytes(new Uint8Array([0x6b, 0x3a, 0x20, 0xe9, 0x0a]), 'l.yaml');
    expect(latin1.ok).toBe(false);
    if (!latin1.ok) expect(latin1.finding.message).toBe('l.yaml is not UTF-8 text');
  });
});
