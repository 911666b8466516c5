/** productpage in-process, in front of in-process details, reviews and ratings. */
import { afterEach, describe, expect, it } from 'vitest';
import { demoApps, local } from './testing/in-process.ts';
import { startRecorder } from './testing/recorder.ts';
import type { Recorder } from './testing/recorder.ts';

const apps = demoApps();
const recorders: Recorder[] = [];
afterEach(async () => {
  await apps.closeAll();
  await Promise.all(recorders.splice(0).map((r) => r.close()));
});

/** productpage with details, reviews `version` and ratings behind one recording proxy. */
async function bookinfo(version: string): Promise<{ base: string; proxy: Recorder }> {
  const [details, ratings] = await Promise.all([
    apps.start({ app: 'details' }),
    apps.start({ app: 'ratings' }),
  ]);
  const upstreams: Record<string, number> = { 'details:9080': details.port, 'ratings:9080': ratings.port };
  const proxy = await startRecorder(upstreams);
  recorders.push(proxy);
  const reviews = await apps.start({ app: 'reviews', version, proxy: local(proxy.port) });
  upstreams['reviews:9080'] = reviews.port;
  const productpage = await apps.start({ app: 'productpage', proxy: local(proxy.port) });
  return { base: `http://127.0.0.1:${productpage.port}`, proxy };
}

describe('productpage', () => {
  it('sends its calls to HTTP_PROXY as absolute-form requests for details:9080 and reviews:9080', async () => {
    const { base, proxy } = await bookinfo('v1');
    await fetch(`${base}/productpage`);
    expect(proxy.requests.map((r) => [r.target, r.headers.host])).toEqual([
      ['http://details:9080/details/0', 'details:9080'],
      ['http://reviews:9080/reviews/0', 'reviews:9080'],
    ]);
  });

  it('shows no stars with reviews v1 and red stars with reviews v3', async () => {
    const v1 = await bookinfo('v1');
    const withV1 = await (await fetch(`${v1.base}/productpage`)).text();
    expect(withV1).toContain(
      '"An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!"',
    );
    expect(withV1).not.toContain('★');

    const v3 = await bookinfo('v3');
    const withV3 = await (await fetch(`${v3.base}/productpage`)).text();
    expect(withV3).toContain(
      'style="color: red" data-color="red" role="img" aria-label="5 of 5 stars">★★★★★</div>',
    );
    expect(withV3).toContain('aria-label="4 of 5 stars">★★★★☆</div>');
  });

  it('tries reviews twice, then shows the reviews error on a page that still answers 200', async () => {
    const reviews = await apps.start({ app: 'reviews', version: 'v1' });
    await fetch(`http://127.0.0.1:${reviews.port}/admin/fail`, { method: 'POST' });
    const proxy = await startRecorder({ 'reviews:9080': reviews.port });
    recorders.push(proxy);
    const productpage = await apps.start({ app: 'productpage', proxy: local(proxy.port) });
    const base = `http://127.0.0.1:${productpage.port}`;

    const page = await fetch(`${base}/productpage`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Error fetching product reviews');
    expect(html).toContain('Sorry, product reviews are currently unavailable for this book.');
    expect(html).toContain('Sorry, product details are currently unavailable for this book.');
    expect(proxy.to('reviews:9080')).toHaveLength(2);

    const api = await fetch(`${base}/api/v1/products/0/reviews`);
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({
      error: 'Sorry, product reviews are currently unavailable for this book.',
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('request_result_total{destination_app="reviews",response_code="503"} 2.0');
  });

  it('signs a user in and out, and sends end-user only while signed in', async () => {
    const { base, proxy } = await bookinfo('v2');
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${base}/productpage` },
      body: 'username=%3Cb%3Ejason%3C%2Fb%3E&passwd=x',
      redirect: 'manual',
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const signedIn = await (await fetch(`${base}/productpage`, { headers: { cookie } })).text();
    expect(signedIn).toContain('<p>&#60;b&#62;jason&#60;/b&#62;</p><a href="logout">Sign out</a>');
    expect(proxy.to('ratings:9080').at(-1)?.headers['end-user']).toBe('<b>jason</b>');

    const logout = await fetch(`${base}/logout`, {
      headers: { cookie, referer: `${base}/productpage` },
      redirect: 'manual',
    });
    expect(logout.status).toBe(302);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^session=; Expires=Thu, 01 Jan 1970/);
    const tampered = `${cookie.slice(0, -2)}xx`;
    const signedOut = await (await fetch(`${base}/productpage`, { headers: { cookie: tampered } })).text();
    expect(signedOut).toContain('<summary>Sign in</summary>');
    expect(proxy.to('ratings:9080').at(-1)?.headers['end-user']).toBeUndefined();
  });

  it('answers the JSON API with the products, and details, reviews and ratings of one', async () => {
    const { base } = await bookinfo('v3');
    const products = await (await fetch(`${base}/api/v1/products`)).json();
    expect(products).toMatchObject([{ id: 0, title: 'The Comedy of Errors' }]);
    expect(await (await fetch(`${base}/api/v1/products/0`)).json()).toMatchObject({
      id: 0,
      publisher: 'PublisherA',
    });
    expect(await (await fetch(`${base}/api/v1/products/0/reviews`)).json()).toMatchObject({
      reviews: [{ rating: { stars: 5, color: 'red' } }, { rating: { stars: 4, color: 'red' } }],
    });
    expect(await (await fetch(`${base}/api/v1/products/0/ratings`)).json()).toEqual({
      id: 0,
      ratings: { Reviewer1: 5, Reviewer2: 4 },
    });
    const notANumber = await fetch(`${base}/api/v1/products/abc`);
    expect(notANumber.status).toBe(400);
    expect(await notANumber.json()).toEqual({
      error: 'Sorry, product details are currently unavailable for this book.',
    });
    expect(await (await fetch(`${base}/health`)).text()).toBe('Product page is healthy');
  });
});
