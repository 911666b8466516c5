/** details, reviews and ratings on their own, in-process, as Istio's originals answer. */
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, demoApps, local } from './testing/in-process.ts';
import { startRecorder } from './testing/recorder.ts';

const apps = demoApps();
afterEach(() => apps.closeAll());

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('details', () => {
  it('answers the book details, and 400 for an id that is not an integer', async () => {
    const details = await apps.start({ app: 'details' });
    const base = `http://127.0.0.1:${details.port}`;
    expect(await getJson(`${base}/details/0`)).toEqual({
      status: 200,
      body: {
        id: 0,
        author: 'William Shakespeare',
        year: 1595,
        type: 'paperback',
        pages: 200,
        publisher: 'PublisherA',
        language: 'English',
        'ISBN-10': '1234567890',
        'ISBN-13': '123-1234567890',
      },
    });
    expect((await getJson(`${base}/details/0x1f`)).body).toMatchObject({ id: 31 });
    expect(await getJson(`${base}/details/abc`)).toEqual({
      status: 400,
      body: { error: 'please provide numeric product id' },
    });
    expect(await getJson(`${base}/health`)).toEqual({ status: 200, body: { status: 'Details is healthy' } });
  });
});

describe('ratings', () => {
  it('answers the built-in ratings, takes new ones by POST, and 400 for a non-numeric id', async () => {
    const ratings = await apps.start({ app: 'ratings' });
    const base = `http://127.0.0.1:${ratings.port}`;
    expect(await getJson(`${base}/ratings/0`)).toEqual({
      status: 200,
      body: { id: 0, ratings: { Reviewer1: 5, Reviewer2: 4 } },
    });
    const posted = await fetch(`${base}/ratings/1`, {
      method: 'POST',
      body: '{"Reviewer1":1,"Reviewer2":2}',
    });
    expect(await posted.json()).toEqual({ id: 1, ratings: { Reviewer1: 1, Reviewer2: 2 } });
    expect((await getJson(`${base}/ratings/1`)).body).toEqual({
      id: 1,
      ratings: { Reviewer1: 1, Reviewer2: 2 },
    });
    expect(await getJson(`${base}/ratings/abc`)).toEqual({
      status: 400,
      body: { error: 'please provide numeric product ID' },
    });
  });

  it('answers 503 to every request but the admin ones while its admin switch is on', async () => {
    const ratings = await apps.start({ app: 'ratings' });
    const base = `http://127.0.0.1:${ratings.port}`;
    await fetch(`${base}/admin/fail`, { method: 'POST' });
    expect(await getJson(`${base}/ratings/0`)).toEqual({
      status: 503,
      body: { error: 'Service unavailable' },
    });
    expect(await getJson(`${base}/health`)).toEqual({ status: 503, body: { error: 'Service unavailable' } });
    expect((await fetch(`${base}/admin/fail`)).status).toBe(405);
    await fetch(`${base}/admin/recover`, { method: 'POST' });
    expect((await getJson(`${base}/ratings/0`)).status).toBe(200);
    expect(apps.logs.join('')).toMatch(/ GET \/ratings\/0 503 \d+ms\n/);
  });
});

describe('reviews', () => {
  it('v1 gives reviews without ratings and never calls ratings', async () => {
    const recorder = await startRecorder({});
    try {
      const reviews = await apps.start({
        app: 'reviews',
        version: 'v1',
        podName: 'reviews-v1-abc',
        services: { ratings: local(recorder.port) },
      });
      const { status, body } = await getJson(`http://127.0.0.1:${reviews.port}/reviews/0`);
      expect(status).toBe(200);
      expect(body).toEqual({
        id: '0',
        podname: 'reviews-v1-abc',
        clustername: 'null',
        reviews: [
          {
            reviewer: 'Reviewer1',
            text: 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!',
          },
          {
            reviewer: 'Reviewer2',
            text: 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.',
          },
        ],
      });
      expect(recorder.requests).toEqual([]);
    } finally {
      await recorder.close();
    }
  });

  it('v3 gives red stars from ratings', async () => {
    const ratings = await apps.start({ app: 'ratings' });
    const reviews = await apps.start({
      app: 'reviews',
      version: 'v3',
      services: { ratings: local(ratings.port) },
    });
    const { body } = await getJson(`http://127.0.0.1:${reviews.port}/reviews/0`);
    expect(body).toMatchObject({
      id: '0',
      reviews: [{ rating: { stars: 5, color: 'red' } }, { rating: { stars: 4, color: 'red' } }],
    });
  });

  it('says the ratings service is unavailable, still with 200, when ratings is down or failing', async () => {
    const down = await apps.start({
      app: 'reviews',
      version: 'v2',
      services: { ratings: local(await closedPort()) },
    });
    const unavailable = { error: 'Ratings service is currently unavailable' };
    const fromDown = await getJson(`http://127.0.0.1:${down.port}/reviews/0`);
    expect(fromDown.status).toBe(200);
    expect(fromDown.body).toMatchObject({ reviews: [{ rating: unavailable }, { rating: unavailable }] });

    const ratings = await apps.start({ app: 'ratings' });
    await fetch(`http://127.0.0.1:${ratings.port}/admin/fail`, { method: 'POST' });
    const failing = await apps.start({
      app: 'reviews',
      version: 'v3',
      services: { ratings: local(ratings.port) },
    });
    const fromFailing = await getJson(`http://127.0.0.1:${failing.port}/reviews/0`);
    expect(fromFailing.body).toMatchObject({ reviews: [{ rating: unavailable }, { rating: unavailable }] });
  });

  it('calls ratings through HTTP_PROXY with an absolute-form URI and forwards the trace headers', async () => {
    const ratings = await apps.start({ app: 'ratings' });
    const proxy = await startRecorder({ 'ratings:9080': ratings.port });
    try {
      const reviews = await apps.start({ app: 'reviews', version: 'v2', proxy: local(proxy.port) });
      await fetch(`http://127.0.0.1:${reviews.port}/reviews/0`, {
        headers: { 'x-request-id': 'r-1', 'x-b3-parentspanid': '1111111111111111', 'end-user': 'jason' },
      });
      expect(proxy.requests).toHaveLength(1);
      expect(proxy.requests[0]).toMatchObject({
        target: 'http://ratings:9080/ratings/0',
        headers: {
          host: 'ratings:9080',
          'x-request-id': 'r-1',
          'x-b3-parentspanid': '1111111111111111',
          'end-user': 'jason',
        },
      });
    } finally {
      await proxy.close();
    }
  });
});
