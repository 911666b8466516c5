import { describe, expect, it } from 'vitest';
import { istioObject, validation } from '../../components/test-fixtures.ts';
import { configRows, filterConfigRows, sortConfigRows } from './config-rows.ts';

const list = {
  resources: {
    'networking.istio.io/v1, Kind=VirtualService': [istioObject('VirtualService', 'vs')],
    'networking.istio.io/v1, Kind=DestinationRule': [
      istioObject('DestinationRule', 'dr'),
      istioObject('DestinationRule', 'plain'),
    ],
  },
  validations: {
    'networking.istio.io/v1, Kind=VirtualService': {
      'vs.bookinfo': validation('VirtualService', 'vs', [
        { severity: 'warning', message: 'w' },
        { severity: 'unknown', message: 'info only' },
      ]),
    },
    'networking.istio.io/v1, Kind=DestinationRule': {
      'dr.bookinfo': validation('DestinationRule', 'dr', [{ severity: 'error', message: 'e' }]),
    },
  },
  permissions: {},
};

describe('configRows', () => {
  const rows = configRows(list as Parameters<typeof configRows>[0]);
  it('joins each object with its validation; infos are not counted', () => {
    expect(rows.map((r) => [r.name, r.kind, r.validation?.errors, r.validation?.warnings])).toEqual([
      ['vs', 'VirtualService', 0, 1],
      ['dr', 'DestinationRule', 1, 0],
      ['plain', 'DestinationRule', undefined, undefined],
    ]);
    expect(rows[0]?.validation?.messages).toEqual(['warning: w']);
  });
  it.each<[{ name: string; kinds: string[] }, string[]]>([
    [{ name: '', kinds: [] }, ['vs', 'dr', 'plain']],
    [{ name: 'PL', kinds: [] }, ['plain']],
    [{ name: '', kinds: ['VirtualService'] }, ['vs']],
  ])('filters %o', (f, expected) => {
    expect(filterConfigRows(rows, f).map((r) => r.name)).toEqual(expected);
  });
  it('sorts by validation: errors, warnings, valid, not validated', () => {
    expect(sortConfigRows(rows, { key: 'validation', direction: 'asc' }).map((r) => r.name)).toEqual([
      'dr',
      'vs',
      'plain',
    ]);
    expect(sortConfigRows(rows, { key: 'type', direction: 'desc' }).map((r) => r.name)).toEqual([
      'vs',
      'plain',
      'dr',
    ]);
  });
});
