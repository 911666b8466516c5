/**
 * Bookinfo's productpage, after samples/bookinfo/src/productpage/productpage.py in istio/istio:
 * - `/productpage` calls details, then reviews, and always answers 200 with the page, showing
 *   "Sorry, product details/reviews are currently unavailable for this book." for a failed call;
 * - the JSON API `/api/v1/products[/<id>[/reviews|/ratings]]` answers with the upstream's status
 *   (or 500 when there was no answer) and the same error bodies;
 * - each call has `timeout=3.0`; reviews is tried twice ("Bug introduced explicitly for
 *   illustration in fault injection task"), so a stalled reviews costs about 6 s;
 * - `/login` (POST `username`) and `/logout` keep the user in the session and redirect back to
 *   the referring page; a signed-in user is sent on as `end-user: <user>`;
 * - `/metrics`: `request_result_total{destination_app, response_code}` as productpage counts them.
 * `v-flooding` (FLOOD_FACTOR=100 in Istio's image) calls reviews 100 more times per page, for
 * rate-limiting demos.
 */
import type { DemoAppHandler, DemoRequest, DemoResponse } from './handler.ts';
import { headerValue, jsonResponse, notFound, textResponse } from './handler.ts';
import { PRODUCTPAGE_FORWARDED_HEADERS, b3Headers, pickHeaders } from './headers.ts';
import type { Fetched, Product, ServiceNode } from './productpage-html.ts';
import { renderIndex, renderProductPage } from './productpage-html.ts';
import { clearedSessionCookie, sessionCookie, sessionUser } from './session.ts';
import { callUpstream, parseJson } from './upstream.ts';
import type { UpstreamRoutes } from './upstream.ts';
import type { UpstreamService } from './apps.ts';

const TIMEOUT_MS = 3000;
const FLOOD_FACTOR = 100;
const HTML = 'text/html; charset=utf-8';

const PRODUCTS: readonly Product[] = [
  {
    id: 0,
    title: 'The Comedy of Errors',
    descriptionHtml:
      '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare\'s</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.',
  },
];

const SERVICES: ServiceNode = {
  name: 'http://productpage:9080',
  endpoint: 'productpage',
  children: [
    { name: 'http://details:9080', endpoint: 'details', children: [] },
    {
      name: 'http://reviews:9080',
      endpoint: 'reviews',
      children: [{ name: 'http://ratings:9080', endpoint: 'ratings', children: [] }],
    },
  ],
};

const UNAVAILABLE: Record<UpstreamService, string> = {
  details: 'Sorry, product details are currently unavailable for this book.',
  reviews: 'Sorry, product reviews are currently unavailable for this book.',
  ratings: 'Sorry, product ratings are currently unavailable for this book.',
};

export interface ProductPageOptions {
  readonly version: string;
  readonly routes: UpstreamRoutes;
}

/** productpage.py `getForwardHeaders`: B3 through OpenTelemetry, `end-user` from the session, then the list. */
function forwardHeaders(request: DemoRequest): Record<string, string> {
  const user = sessionUser(request.headers);
  return {
    ...b3Headers(request.headers),
    ...(user === undefined ? {} : { 'end-user': user }),
    ...pickHeaders(request.headers, PRODUCTPAGE_FORWARDED_HEADERS),
  };
}

function redirectBack(request: DemoRequest, setCookie: string): DemoResponse {
  const location = headerValue(request.headers, 'referer') ?? '/productpage';
  return {
    status: 302,
    headers: { location, 'set-cookie': setCookie, 'content-type': HTML },
    body: `<!doctype html>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n`,
  };
}

export function createProductPage(options: ProductPageOptions): DemoAppHandler {
  const results = new Map<string, number>();
  const count = (service: UpstreamService, status: number): void => {
    const key = `destination_app="${service}",response_code="${status}"`;
    results.set(key, (results.get(key) ?? 0) + 1);
  };

  /** One attempt at `/<service>/<id>`: the answer when it is a 200 with JSON, else its status or 500. */
  const attempt = async (service: UpstreamService, productId: string, headers: Record<string, string>) => {
    const result = await callUpstream(options.routes, {
      service,
      path: `/${service}/${encodeURIComponent(productId)}`,
      headers,
      timeoutMs: TIMEOUT_MS,
    });
    if (result.ok && result.status === 200) {
      const body = parseJson(result.body);
      if (body !== undefined) return { status: 200, body };
    }
    // requests' `res.status_code if res is not None and res.status_code else 500`
    return { status: result.ok && result.status !== 0 ? result.status : 500, body: undefined };
  };

  const fetchFrom = async (
    service: UpstreamService,
    productId: string,
    headers: Record<string, string>,
  ): Promise<Fetched> => {
    const attempts = service === 'reviews' ? 2 : 1;
    let last: Fetched = { status: 500, body: undefined };
    for (let i = 0; i < attempts; i++) {
      last = await attempt(service, productId, headers);
      if (last.status === 200) break;
    }
    count(service, last.status);
    return last.status === 200 ? last : { status: last.status, body: { error: UNAVAILABLE[service] } };
  };

  const productPage = async (request: DemoRequest): Promise<DemoResponse> => {
    const headers = forwardHeaders(request);
    const product = PRODUCTS[0];
    if (product === undefined) return notFound();
    const details = await fetchFrom('details', String(product.id), headers);
    if (options.version === 'v-flooding') {
      // productpage.py gathers the flood with asyncio, but each call blocks: they run one by one.
      for (let i = 0; i < FLOOD_FACTOR; i++) await fetchFrom('reviews', String(product.id), headers);
    }
    const reviews = await fetchFrom('reviews', String(product.id), headers);
    const html = renderProductPage({ product, details, reviews, user: sessionUser(request.headers) });
    return textResponse(200, html, HTML);
  };

  const api = async (request: DemoRequest): Promise<DemoResponse | undefined> => {
    if (request.path === '/api/v1/products') return jsonResponse(200, PRODUCTS);
    const match = /^\/api\/v1\/products\/([^/]+)(?:\/(reviews|ratings))?$/.exec(request.path);
    if (!match) return undefined;
    const service: UpstreamService = match[2] === 'reviews' || match[2] === 'ratings' ? match[2] : 'details';
    const fetched = await fetchFrom(service, match[1] ?? '', forwardHeaders(request));
    return jsonResponse(fetched.status, fetched.body);
  };

  const metrics = (): DemoResponse => {
    const lines = ['# HELP request_result_total Results of requests', '# TYPE request_result_total counter'];
    for (const [labels, value] of results) lines.push(`request_result_total{${labels}} ${value.toFixed(1)}`);
    return textResponse(200, `${lines.join('\n')}\n`, 'text/plain; version=0.0.4; charset=utf-8');
  };

  const getRoutes = new Map<string, (request: DemoRequest) => DemoResponse | Promise<DemoResponse>>([
    ['/', () => textResponse(200, renderIndex(SERVICES), HTML)],
    ['/index.html', () => textResponse(200, renderIndex(SERVICES), HTML)],
    ['/health', () => textResponse(200, 'Product page is healthy', HTML)],
    ['/productpage', productPage],
    ['/logout', (request) => redirectBack(request, clearedSessionCookie())],
    ['/metrics', metrics],
  ]);

  return {
    async handle(request: DemoRequest): Promise<DemoResponse> {
      if (request.path === '/login') {
        if (request.method !== 'POST') return textResponse(405, 'Method Not Allowed\n');
        // Flask's `request.values`: the query first, then the form.
        const form = new URLSearchParams(request.body);
        const user = request.query.get('username') ?? form.get('username') ?? '';
        return redirectBack(request, user === '' ? clearedSessionCookie() : sessionCookie(user));
      }
      const route = getRoutes.get(request.path);
      const isApi = request.path.startsWith('/api/v1/products');
      if (route === undefined && !isApi) return notFound();
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return textResponse(405, 'Method Not Allowed\n');
      if (route !== undefined) return route(request);
      return (await api(request)) ?? notFound();
    },
  };
}
