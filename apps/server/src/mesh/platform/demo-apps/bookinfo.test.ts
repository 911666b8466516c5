/**
 * Bookinfo as separate processes, wired with `SERVICES_*` (no sidecars): productpage → details,
 * productpage → reviews v2 → ratings, with a recorder on the reviews and ratings hops to see what
 * each app forwards.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnDemoApp } from './process.ts';
import type { DemoAppProcess } from './process.ts';
import { startRecorder } from './testing/recorder.ts';
import type { Recorder } from './testing/recorder.ts';

const TRACE_ID = '463ac35c9f6413ad48485a3953bb6124';
const SPAN_ID = 'a2fb4a1d1a96d312';

describe('Bookinfo processes', () => {
  const upstreams: Record<string, number> = {};
  const processes: DemoAppProcess[] = [];
  let recorder: Recorder | undefined;
  let details: DemoAppProcess;
  let reviews: DemoAppProcess;
  let ratings: DemoAppProcess;
  let productpage: DemoAppProcess;
  let base: string;

  beforeAll(async () => {
    const started = await startRecorder(upstreams);
    recorder = started;
    const via = `127.0.0.1:${started.port}`;
    const spawned = await Promise.allSettled([
      spawnDemoApp({ app: 'details' }),
      spawnDemoApp({
        app: 'reviews',
        version: 'v2',
        env: { SERVICES_RATINGS: via, HOSTNAME: 'reviews-v2-7f9c' },
      }),
      spawnDemoApp({ app: 'ratings' }),
    ]);
    for (const s of spawned) if (s.status === 'fulfilled') processes.push(s.value);
    const [d, rv, ra] = spawned.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    if (!d || !rv || !ra)
      throw new Error(`a demo app did not start: ${spawned.map((s) => s.status).join(', ')}`);
    [details, reviews, ratings] = [d, rv, ra];
    upstreams['reviews:9080'] = reviews.port;
    upstreams['ratings:9080'] = ratings.port;
    productpage = await spawnDemoApp({
      app: 'productpage',
      env: { SERVICES_DETAILS: `127.0.0.1:${details.port}`, SERVICES_REVIEWS: via },
    });
    processes.push(productpage);
    base = `http://127.0.0.1:${productpage.port}`;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await recorder?.close();
  });

  it('shows the book, its details and black stars from reviews v2', async () => {
    const res = await fetch(`${base}/productpage`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<h1>The Comedy of Errors</h1>');
    expect(html).toContain(
      '<td>1234567890</td><td>PublisherA</td><td>200</td><td>paperback</td><td>English</td>',
    );
    expect(html).toContain('data-color="black" role="img" aria-label="5 of 5 stars">★★★★★</div>');
    expect(html).toContain('data-color="black" role="img" aria-label="4 of 5 stars">★★★★☆</div>');
    expect(html).toContain('Reviews served by: reviews-v2-7f9c');
    expect(html).not.toContain('unavailable');
  });

  it('forwards end-user: jason to reviews and ratings once jason has signed in', async () => {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${base}/productpage` },
      body: 'username=jason&passwd=jason',
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(`${base}/productpage`);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^session=/);

    const res = await fetch(`${base}/productpage`, { headers: { cookie, 'x-request-id': 'jason-1' } });
    const html = await res.text();
    expect(html).toContain('<p>jason</p><a href="logout">Sign out</a>');
    const sent = (recorder?.requests ?? []).filter((r) => r.headers['x-request-id'] === 'jason-1');
    expect(sent.map((r) => [r.headers.host, r.headers['end-user']])).toEqual([
      ['reviews:9080', 'jason'],
      ['ratings:9080', 'jason'],
    ]);
  });

  it('propagates the request id, B3 and W3C trace headers from productpage through reviews to ratings', async () => {
    const traceparent = `00-${TRACE_ID}-${SPAN_ID}-01`;
    await fetch(`${base}/productpage`, {
      headers: {
        'x-request-id': 'trace-1',
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-sampled': '1',
        traceparent,
      },
    });
    const sent = (recorder?.requests ?? []).filter((r) => r.headers['x-request-id'] === 'trace-1');
    expect(sent.map((r) => r.headers.host)).toEqual(['reviews:9080', 'ratings:9080']);
    for (const request of sent) {
      expect(request.headers).toMatchObject({
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-sampled': '1',
        traceparent,
      });
      expect(request.headers['end-user']).toBeUndefined();
    }
  });

  it('shows the details error but still answers 200 while details fails by its admin switch', async () => {
    const detailsAdmin = `http://127.0.0.1:${details.port}/admin`;
    const failing = await fetch(`${detailsAdmin}/fail`, { method: 'POST' });
    expect(await failing.json()).toEqual({ app: 'details', version: 'v1', failing: true });
    try {
      const res = await fetch(`${base}/productpage`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('Error fetching product details');
      expect(html).toContain('Sorry, product details are currently unavailable for this book.');
      expect(html).toContain('★★★★★');
      const api = await fetch(`${base}/api/v1/products/0`);
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual({
        error: 'Sorry, product details are currently unavailable for this book.',
      });
    } finally {
      await fetch(`${detailsAdmin}/recover`, { method: 'POST' });
    }
    const status = await fetch(`${detailsAdmin}/status`);
    expect(await status.json()).toEqual({ app: 'details', version: 'v1', failing: false });
    const html = await (await fetch(`${base}/productpage`)).text();
    expect(html).toContain('<h4>Book Details</h4>');
  });

  it('logs one line per request with method, path, status and duration', async () => {
    await fetch(`${base}/api/v1/products/0/reviews`);
    await vi.waitFor(() => {
      expect(productpage.stdout()).toMatch(/ GET \/api\/v1\/products\/0\/reviews 200 \d+ms\n/);
      expect(reviews.stdout()).toMatch(/ GET \/reviews\/0 200 \d+ms\n/);
      expect(details.stdout()).toMatch(/ POST \/admin\/fail 200 \d+ms\n/);
    });
  });
});
