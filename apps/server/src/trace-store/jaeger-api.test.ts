import { beforeEach, describe, expect, it } from 'vitest';
import {
  NOW_MS,
  PRODUCTPAGE_OP,
  RATINGS_OP,
  REVIEWS_OP,
  bookinfoExport,
  traceId,
  useTraceStore,
} from './trace-store.test-support.ts';

const store = useTraceStore();

beforeEach(async () => {
  expect((await store().export(bookinfoExport())).status).toBe(200);
});

describe('GET /api/services and operations', () => {
  it('lists the services that reported spans, with their count', async () => {
    const result = await store().query('/api/services');

    expect(result.json).toEqual({
      data: ['productpage', 'ratings', 'reviews'],
      total: 3,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it("lists a service's operations with their span kind, filtered by spanKind", async () => {
    const all = await store().query('/api/operations?service=productpage');
    const clients = await store().query('/api/operations?service=productpage&spanKind=client');

    expect(all.json).toMatchObject({
      data: [
        { name: PRODUCTPAGE_OP, spanKind: 'server' },
        { name: REVIEWS_OP, spanKind: 'client' },
      ],
      total: 2,
    });
    expect(clients.json).toMatchObject({ data: [{ name: REVIEWS_OP, spanKind: 'client' }], total: 1 });
  });

  it('lists operation names on the older per-service endpoint, once each', async () => {
    const result = await store().query('/api/services/reviews/operations');

    expect(result.json).toMatchObject({ data: [RATINGS_OP, REVIEWS_OP], total: 2 });
  });
});

describe('GET /api/dependencies', () => {
  it('counts parent → child calls between services in the window', async () => {
    const result = await store().query(`/api/dependencies?endTs=${NOW_MS}&lookback=60000`);

    expect(result.json).toEqual({
      data: [
        { parent: 'productpage', child: 'reviews', callCount: 1 },
        { parent: 'reviews', child: 'ratings', callCount: 1 },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it('keeps the links of one service, and none outside the window', async () => {
    const ratings = await store().query(`/api/dependencies?endTs=${NOW_MS}&service=ratings`);
    const before = await store().query(`/api/dependencies?endTs=${NOW_MS - 60_000}&lookback=60000`);

    expect(ratings.json).toMatchObject({ data: [{ parent: 'reviews', child: 'ratings', callCount: 1 }] });
    expect(before.json).toMatchObject({ data: [] });
  });
});

describe('refused parameters', () => {
  it.each([
    [
      '/api/traces?service=productpage&limit=ten',
      `unable to parse param 'limit': strconv.ParseInt: parsing "ten": invalid syntax`,
    ],
    [
      '/api/traces?service=productpage&minDuration=abc',
      `unable to parse param 'minDuration': time: invalid duration "abc"`,
    ],
    [
      '/api/traces?service=productpage&maxDuration=5',
      `unable to parse param 'maxDuration': time: missing unit in duration "5"`,
    ],
    [
      '/api/traces?service=productpage&minDuration=1x',
      `unable to parse param 'minDuration': time: unknown unit "x" in duration "1x"`,
    ],
    [
      '/api/traces?service=productpage&start=yesterday',
      `unable to parse param 'start': strconv.ParseInt: parsing "yesterday": invalid syntax`,
    ],
    [
      '/api/traces?service=productpage&end=1.5',
      `unable to parse param 'end': strconv.ParseInt: parsing "1.5": invalid syntax`,
    ],
    [
      '/api/traces?service=productpage&lookback=soon',
      `unable to parse param 'lookback': time: invalid duration "soon"`,
    ],
    ['/api/traces?operation=x', "parameter 'service' is required"],
    [
      '/api/traces?service=productpage&minDuration=2s&maxDuration=1s',
      "'maxDuration' should be greater than 'minDuration'",
    ],
    [
      '/api/traces?service=productpage&tag=error',
      "malformed 'tag' parameter, expecting key:value, received: error",
    ],
    [
      '/api/traces?service=productpage&tags=%5B%5D',
      "malformed 'tags' parameter, cannot unmarshal JSON: json: cannot unmarshal array into Go value of type map[string]string",
    ],
    [
      '/api/traces?traceID=xyz',
      'cannot parse traceID param: strconv.ParseUint: parsing "xyz": invalid syntax',
    ],
    [
      '/api/traces/not-hex',
      `unable to parse param 'traceID': strconv.ParseUint: parsing "not-hex": invalid syntax`,
    ],
    ['/api/operations', "parameter 'service' is required"],
    [
      '/api/dependencies?lookback=1h',
      `unable to parse param 'lookback': strconv.ParseInt: parsing "1h": invalid syntax`,
    ],
    [
      '/api/dependencies?endTs=now',
      `unable to parse param 'endTs': strconv.ParseInt: parsing "now": invalid syntax`,
    ],
  ])('%s → 400 naming the parameter', async (path, msg) => {
    const result = await store().query(path);

    expect(result.status).toBe(400);
    expect(result.json).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] });
  });

  it('answers 404 in the same envelope for a trace it does not have', async () => {
    const result = await store().query(`/api/traces/${traceId(99)}`);

    expect(result.status).toBe(404);
    expect(result.json).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
  });
});
