import { parseManifests } from '@meshlens/mesh-core/config';
import { describe, expect, it } from 'vitest';
import { bookinfoPlatform, istioSample } from './test-support.ts';
import { toYaml } from './yaml-text.ts';

/** Reads YAML back with mesh-core's parser, the one every applied document goes through. */
function readBack(text: string): unknown {
  const parsed = parseManifests(text, { file: 'round-trip.yaml' });
  expect(parsed.findings).toEqual([]);
  return parsed.resources[0]?.body;
}

const awkward = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'null',
  '~',
  '',
  ' lead',
  'trail ',
  '1e5',
  '0x1F',
  '0o17',
  '.5',
  '-1',
  '+1',
  '9080',
  '10s',
  '1.5s',
  '1:20',
  '2025-03-01',
  'a: b',
  'a #b',
  '#c',
  '- x',
  '? x',
  '@x',
  '`x',
  '"q"',
  "'q'",
  '%x',
  '!tag',
  '&anchor',
  '*.example.com',
  'http://x:80/a?b=c',
  '{a}',
  '[a]',
  'tab\there',
  'é ü 中',
  'line\u2028sep',
  'nul\u0000byte',
  'multi\nline\n',
  'no trailing\nnewline',
  'keep\n\n\n',
  '\nleading newline',
  '  indented\nblock',
  'crlf\r\nline',
  'ends in space \nnext',
  '---',
  '...',
  '<<',
];

describe('toYaml', () => {
  it.each(awkward)('writes %j so that it reads back as the same string', (value) => {
    const doc = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa', annotations: { [value || 'k']: value } },
      list: [value, [value], { k: value }],
    };
    expect(readBack(toYaml(doc))).toEqual(doc);
  });

  it('writes every Bookinfo document so that it reads back unchanged', () => {
    const { text, file } = istioSample(bookinfoPlatform);
    for (const resource of parseManifests(text, { file }).resources) {
      expect(readBack(toYaml(resource.body))).toEqual(resource.body);
    }
  });

  it('writes nested collections in block style, empty ones inline', () => {
    const text = toYaml({
      kind: 'Service',
      spec: { ports: [{ port: 9080, name: 'http' }], selector: {}, list: [], on: true, nil: null },
    });
    expect(text).toBe(
      [
        'kind: Service',
        'spec:',
        '  ports:',
        '    - port: 9080',
        '      name: http',
        '  selector: {}',
        '  list: []',
        '  "on": true',
        '  nil: null',
        '',
      ].join('\n'),
    );
  });
});
